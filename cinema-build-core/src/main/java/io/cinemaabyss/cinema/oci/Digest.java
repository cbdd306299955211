package io.cinemaabyss.cinema.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, parsed and validated once. This is the one place
 * SHA-256 is computed: {@link #of(byte[])} for bytes in memory, {@link Sha256InputStream} for a
 * stream.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  public static final String SHA256 = "sha256";

  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512_HEX = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    Pattern pattern =
        switch (algorithm) {
          case SHA256 -> SHA256_HEX;
          case "sha512" -> SHA512_HEX;
          default -> throw new InvalidContentException(
              "'" + algorithm + ":" + hex + "' is not a digest this tool reads: the algorithm must be sha256 or sha512");
        };
    if (!pattern.matcher(hex).matches()) {
      throw new InvalidContentException(
          "'" + algorithm + ":" + hex + "' is not a valid " + algorithm + " digest: expected "
              + (algorithm.equals(SHA256) ? 64 : 128) + " lowercase hex digits after '" + algorithm + ":'");
    }
  }

  /** Parses {@code sha256:<64 hex>} (or sha512). */
  public static Digest parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidContentException("A digest is missing (expected sha256:<64 hex digits>)");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidContentException("'" + text + "' is not a digest: expected sha256:<64 hex digits>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Whether {@code text} is a digest ({@code sha256:...}) rather than, say, a tag. */
  public static boolean isDigest(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidContentException e) {
      return false;
    }
  }

  /** The SHA-256 of {@code bytes}. */
  public static Digest of(byte[] bytes) {
    return new Digest(SHA256, HexFormat.of().formatHex(sha256().digest(bytes)));
  }

  /** A fresh SHA-256 hasher, for code that hashes as it writes. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }

  /** The digest of what {@code hasher} (from {@link #sha256()}) has seen. */
  public static Digest of(MessageDigest hasher) {
    return new Digest(SHA256, HexFormat.of().formatHex(hasher.digest()));
  }

  /** The SHA-256 and size of everything {@code in} holds, read to its end (the caller closes it). */
  public static Sized of(InputStream in) throws IOException {
    Sha256InputStream hashing = new Sha256InputStream(in);
    hashing.transferTo(OutputStreamNull.INSTANCE);
    return new Sized(hashing.digest(), hashing.size());
  }

  /** A digest with the number of bytes hashed. */
  public record Sized(Digest digest, long size) {}

  /** The first 12 hex digits, for log lines. */
  public String abbreviated() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  /** A stream that hashes (SHA-256) and counts what is read through it. */
  public static final class Sha256InputStream extends FilterInputStream {

    private final MessageDigest hasher = sha256();
    private long size;

    public Sha256InputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        hasher.update((byte) b);
        size++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        hasher.update(buffer, offset, n);
        size += n;
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

    /** The digest of the bytes read so far; call once, at the end. */
    public Digest digest() {
      return of(hasher);
    }

    public long size() {
      return size;
    }
  }

  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
