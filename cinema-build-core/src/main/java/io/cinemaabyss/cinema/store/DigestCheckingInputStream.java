package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes, hashed as they pass. At the end of the stream, or when it is closed before the
 * end (the rest is read then), the digest is compared with the one asked for; a mismatch fails with
 * {@link BlobDigestMismatchException}, so a caller that uses the bytes only after {@code close()}
 * never uses unverified bytes.
 */
public final class DigestCheckingInputStream extends FilterInputStream {

  private final Digest.Sha256InputStream hashing;
  private final String expected;
  private final long expectedSize;
  private final String what;
  private boolean checked;

  /**
   * @param expected {@code sha256:<hex>}
   * @param expectedSize the size the descriptor declares, or -1 when unknown
   * @param what the blob in messages, such as "Layer sha256:... of 127.0.0.1:5000/movies"
   */
  public DigestCheckingInputStream(InputStream in, String expected, long expectedSize, String what) {
    this(new Digest.Sha256InputStream(in), expected, expectedSize, what);
  }

  private DigestCheckingInputStream(Digest.Sha256InputStream hashing, String expected, long expectedSize, String what) {
    super(hashing);
    if (!expected.startsWith("sha256:")) {
      throw new BlobDigestMismatchException(what + ": '" + expected + "' is not a sha256 digest; only sha256 blobs are read.");
    }
    this.hashing = hashing;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    return checked(super.read());
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    return checked(super.read(buffer, offset, length));
  }

  /** Reads go through the hashing stream: skipping bytes would leave them out of the digest. */
  @Override
  public long skip(long n) throws IOException {
    return hashing.skip(n);
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

  /** {@code n} as read, after the size check; at the end of the stream, the digest check. */
  private int checked(int n) {
    if (n < 0) {
      check();
    } else if (expectedSize >= 0 && hashing.size() > expectedSize) {
      throw new BlobDigestMismatchException(what + " is longer than its declared " + expectedSize + " bytes: not the blob asked for; nothing of it is used.");
    }
    return n;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = hashing.digest().toString();
    long count = hashing.size();
    if (!actual.equals(expected) || (expectedSize >= 0 && count != expectedSize)) {
      throw new BlobDigestMismatchException(
          what + " has digest " + actual + " (" + count + " bytes), not " + expected
              + (expectedSize >= 0 ? " (" + expectedSize + " bytes)" : "") + ": the content was changed or corrupted; nothing of it is used.");
    }
  }
}
