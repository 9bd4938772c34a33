package dev.baton.drivers.dns;

import dev.baton.engine.DriverException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** One entry point's authoritative server: fresh queries and TSIG-signed RFC 2136 updates. */
final class DnsServer {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final DnsSettings s;

  DnsServer(DnsSettings s) {
    this.s = s;
  }

  /** The A records of the entry point's record, as the authoritative server holds them now. */
  List<ARecord> aRecords() throws DriverException {
    Message query = Message.newQuery(Record.newRecord(s.record(), Type.A, DClass.IN));
    // The server's own data, not a cache: no recursion, and only an authoritative answer counts.
    query.getHeader().unsetFlag(Flags.RD);
    Message answer = send(resolver(), query, "query");
    int rcode = answer.getRcode();
    if (!answer.getHeader().getFlag(Flags.AA)
        || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN)) {
      throw new DriverException(
          "the DNS server "
              + where()
              + " gave no authoritative answer for "
              + s.record()
              + " ("
              + Rcode.string(rcode)
              + "); the server property of entry point "
              + s.entryPoint()
              + " must name the zone's primary server",
          answer.toString());
    }
    return answer.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(ARecord.class::cast)
        .filter(r -> r.getName().equals(s.record()))
        .toList();
  }

  /**
   * Sends {@code update} signed with {@code key} and returns it as text with the server's answer;
   * throws a sentence when the server refuses it or its answer does not verify.
   */
  String update(Update update, byte[] key) throws DriverException {
    // Text taken before signing; a signed message shows only the MAC, never the key.
    String sent = update.toString();
    SimpleResolver resolver = resolver();
    resolver.setTSIGKey(new TSIG(s.algorithm(), s.keyName(), key));
    Message answer = send(resolver, update, "send an update to");
    String evidence = sent + "\n;; answer: " + Rcode.string(answer.getRcode()) + tsigNote(answer);
    check(answer, evidence);
    return evidence;
  }

  private void check(Message answer, String evidence) throws DriverException {
    int rcode = answer.getRcode();
    int tsigError = tsigError(answer);
    String refused = "the DNS server refused the update of " + s.record() + ": ";
    // NOTAUTH in a verified answer means "not authoritative"; unverified, it means the key failed.
    if (tsigError != Rcode.NOERROR || (rcode == Rcode.NOTAUTH && !answer.isVerified())) {
      throw new DriverException(refused + keyRejected(rcode, tsigError), evidence);
    }
    if (rcode != Rcode.NOERROR) {
      throw new DriverException(
          refused + Rcode.string(rcode) + hint(rcode), answer.toString() + "\n" + evidence);
    }
    if (!answer.isSigned() || !answer.isVerified()) {
      // The server says it applied the update, but we cannot trust an unverified answer.
      throw new DriverException(
          "the DNS server's answer to the update of "
              + s.record()
              + " is not signed with the TSIG key "
              + s.keyName()
              + "; the record may have changed, so observe it before retrying",
          evidence);
    }
  }

  private String keyRejected(int rcode, int tsigError) {
    String detail = tsigError == Rcode.NOERROR ? "" : ", " + Rcode.TSIGstring(tsigError);
    return "TSIG key rejected ("
        + Rcode.string(rcode)
        + detail
        + "); check tsigKeyName "
        + s.keyName()
        + ", tsigAlgorithm "
        + s.algorithm().toString(true)
        + " and the secret "
        + s.secretName()
        + " of entry point "
        + s.entryPoint();
  }

  private String hint(int rcode) {
    if (rcode == Rcode.REFUSED) {
      return "; the zone " + s.zone() + " does not allow updates with the key " + s.keyName();
    }
    if (rcode == Rcode.NOTZONE || rcode == Rcode.NOTAUTH) {
      return "; the server is not the primary of the zone " + s.zone();
    }
    return "";
  }

  private static int tsigError(Message answer) {
    TSIGRecord tsig = answer.getTSIG();
    return tsig == null ? Rcode.NOERROR : tsig.getError();
  }

  private static String tsigNote(Message answer) {
    int error = tsigError(answer);
    String state = answer.isVerified() ? "verified" : answer.isSigned() ? "failed" : "unsigned";
    return ", TSIG " + state + (error == Rcode.NOERROR ? "" : " " + Rcode.TSIGstring(error));
  }

  private SimpleResolver resolver() {
    // A new resolver per call: nothing is cached between an action and its verification.
    SimpleResolver r = new SimpleResolver(s.server());
    r.setTCP(true);
    r.setTimeout(TIMEOUT);
    return r;
  }

  private Message send(SimpleResolver r, Message m, String what) throws DriverException {
    try {
      return r.send(m);
    } catch (IOException e) {
      throw new DriverException(
          "cannot "
              + what
              + " the DNS server "
              + where()
              + " of entry point "
              + s.entryPoint()
              + ": "
              + e.getMessage(),
          "");
    }
  }

  private String where() {
    return s.server().getHostString() + ":" + s.server().getPort();
  }
}
