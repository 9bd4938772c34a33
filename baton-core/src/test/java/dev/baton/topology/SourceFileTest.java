package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SourceFileTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void aDeviceWithoutEndIsReadOnlyUpToTheLimit() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.isReadable(zero));
    BadInputException e =
        assertThrows(BadInputException.class, () -> SourceFile.read(zero, "the pack "));
    assertEquals(
        "/dev/zero:1:1: cannot read the pack /dev/zero: it is larger than 16777216 bytes",
        e.getMessage());
  }

  @Test
  void aFileThatIsNotUtf8SaysSo() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', (byte) 0xE9, '\n'});
    BadInputException e = assertThrows(BadInputException.class, () -> SourceFile.read(latin1, ""));
    assertEquals(latin1 + ":1:1: cannot read " + latin1 + ": it is not UTF-8 text", e.getMessage());
  }
}
