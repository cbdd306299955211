package io.cinemaabyss.cinema.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A blob's bytes, hashed as they pass. At the end of the stream, or when it is closed before the
 * end (the rest is read then), the digest is compared with the one asked for; a mismatch fails with
 * {@link BlobDigestMismatchException}, so a caller that uses the bytes only after {@code close()}
 * never uses unverified bytes.
 */
public final class DigestCheckingInputStream extends FilterInputStream {

  private final MessageDigest sha256;
  private final String expected;
  private final long expectedSize;
  private final String what;
  private long count;
  private boolean checked;

  /**
   * @param expected {@code sha256:<hex>}
   * @param expectedSize the size the descriptor declares, or -1 when unknown
   * @param what the blob in messages, such as "Layer sha256:... of 127.0.0.1:5000/movies"
   */
  public DigestCheckingInputStream(InputStream in, String expected, long expectedSize, String what) {
    super(in);
    if (!expected.startsWith("sha256:")) {
      throw new BlobDigestMismatchException(what + ": '" + expected + "' is not a sha256 digest; only sha256 blobs are read.");
    }
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      sha256.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      check();
    } else {
      sha256.update(buffer, offset, n);
      count += n;
      if (expectedSize >= 0 && count > expectedSize) {
        throw new BlobDigestMismatchException(what + " is longer than its declared " + expectedSize + " bytes: not the blob asked for; nothing of it is used.");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      if (!checked) {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
          // drain: the digest covers the whole blob
        }
      }
    } finally {
      super.close();
    }
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(expected) || (expectedSize >= 0 && count != expectedSize)) {
      throw new BlobDigestMismatchException(
          what + " has digest " + actual + " (" + count + " bytes), not " + expected
              + (expectedSize >= 0 ? " (" + expectedSize + " bytes)" : "") + ": the content was changed or corrupted; nothing of it is used.");
    }
  }
}
