package spacktainers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on 127.0.0.1 for tests: S3Proxy 4.x embedded, with its filesystem store in a
 * temporary folder. Objects are real files, so a test can give an object any LastModified by setting
 * the file's modification time, which S3Proxy reports in listings.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-Wk7mZp2Qx9";

  private final S3Proxy proxy;
  private final Path base;
  private final S3Client client;

  private S3ProxyServer(Path base) throws Exception {
    this.base = base;
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", base.toString());
    proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", p))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
        .build();
  }

  public static S3ProxyServer start(Path base) {
    try {
      Files.createDirectories(base);
      return new S3ProxyServer(base);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public int port() {
    return proxy.getPort();
  }

  /** A client for setting up and checking fixtures (not the code under test). */
  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, byte[] body, Instant lastModified) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    setLastModified(bucket, key, lastModified);
  }

  /**
   * Seeds an object straight into the store's folder: S3Proxy lists and serves it like any other
   * (without a stored ETag). About 100 times faster than a PUT (the filesystem store syncs each PUT),
   * for fixtures of thousands of objects.
   */
  public void seed(String bucket, String key, byte[] body, Instant lastModified) {
    try {
      Path p = base.resolve(bucket).resolve(key);
      Files.createDirectories(p.getParent());
      Files.write(p, body);
      Files.setLastModifiedTime(p, FileTime.from(lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gives an object another LastModified (the filesystem store reports the file's mtime). */
  public void setLastModified(String bucket, String key, Instant t) {
    try {
      Files.setLastModifiedTime(base.resolve(bucket).resolve(key), FileTime.from(t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean exists(String bucket, String key) {
    return Files.isRegularFile(base.resolve(bucket).resolve(key));
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }
}
