package dev.baton.drivers.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client for a running ssh-agent over its Unix socket, using Java's own Unix-domain channels:
 * MINA's UnixAgentFactory needs Tomcat's native APR library, which Baton does not ship.
 */
final class AgentSocket extends AbstractAgentProxy {

  // The agent answers with a length-prefixed message; anything larger than this is not an agent.
  private static final int MAX_MESSAGE = 256 * 1024;

  private final SocketChannel channel;

  AgentSocket(Path socket) throws IOException {
    super(null);
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    int end = buffer.wpos();
    buffer.wpos(0);
    buffer.putInt(end - 4);
    buffer.wpos(end);
    ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
    while (out.hasRemaining()) {
      channel.write(out);
    }
    int length = readFully(ByteBuffer.allocate(4)).getInt();
    if (length < 0 || length > MAX_MESSAGE) {
      throw new IOException("the ssh-agent sent a message of " + length + " bytes");
    }
    return new ByteArrayBuffer(readFully(ByteBuffer.allocate(length)).array());
  }

  private ByteBuffer readFully(ByteBuffer in) throws IOException {
    while (in.hasRemaining()) {
      if (channel.read(in) < 0) {
        throw new EOFException("the ssh-agent closed its socket");
      }
    }
    return in.flip();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      super.close();
    }
  }
}
