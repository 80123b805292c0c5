package spacktainers.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds a content key: a sha256 over labelled, length-prefixed fields, so no two different field
 * sequences can produce the same byte stream.
 */
public final class ContentHasher {
  private final MessageDigest sha = sha256();

  public ContentHasher(String domain) {
    text("domain", domain);
  }

  public ContentHasher bytes(String label, byte[] value) {
    frame(label.getBytes(StandardCharsets.UTF_8));
    frame(value);
    return this;
  }

  public ContentHasher text(String label, String value) {
    return bytes(label, value.getBytes(StandardCharsets.UTF_8));
  }

  public ContentHasher tree(String label, JsonNode value) {
    return bytes(label, CanonicalJson.bytes(value));
  }

  /** The key as 64 lower-case hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(digest());
  }

  /** The key's 32 bytes. */
  public byte[] digest() {
    return sha.digest();
  }

  private void frame(byte[] b) {
    long n = b.length;
    for (int i = 7; i >= 0; i--) {
      sha.update((byte) (n >>> (8 * i)));
    }
    sha.update(b);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
