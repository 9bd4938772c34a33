package dev.baton.testkit.haproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny TCP server that greets each client with its letter and then echoes what it receives. */
final class LetterServer implements AutoCloseable {

  private final ServerSocket listener;
  private final char letter;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  LetterServer(char letter) throws IOException {
    this.letter = letter;
    this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.acceptor = new Thread(this::acceptAll, "letter-" + letter);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        clients.add(s);
        Thread t = new Thread(() -> serve(s), "letter-" + letter + "-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      out.write(letter);
      out.flush();
      for (int b = in.read(); b >= 0; b = in.read()) {
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      // The client or close() ended the connection.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : clients) {
      s.close();
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
