package spacktainers.buildcache;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BucketStore} over the AWS SDK v2 synchronous client.
 *
 * <ul>
 *   <li>Credentials come from the provider handed in (the CLI passes the standard chain), never from
 *       arguments; nothing here logs or formats them.
 *   <li>Checksums only where the API requires them ({@code WHEN_REQUIRED}), plus {@code Content-MD5}
 *       on DeleteObjects for custom endpoints: MinIO, Ceph and older StorageGRID reject a request
 *       that carries only the CRC32 the SDK sends since 2.30.
 *   <li>The SDK's adaptive retry strategy (client-side rate limiting once the server throttles) with
 *       more attempts than the default three, for 503 SlowDown, 5xx and dropped connections.
 * </ul>
 */
public final class S3BucketStore implements BucketStore, AutoCloseable {
  private final S3Client s3;
  private final String bucket;
  private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong transmissions = new AtomicLong();

  /**
   * @param endpoint a custom endpoint for S3-compatible stores, or empty for AWS
   * @param region the signing region; empty means the SDK's region chain, or us-east-1 with an endpoint
   * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key}
   * @param retry the retry strategy; {@link #retryStrategy(int)} outside tests
   */
  public record Settings(String bucket, Optional<URI> endpoint, Optional<String> region, boolean pathStyle,
      int maxConnections, RetryStrategy retry) {}

  /**
   * The SDK's adaptive strategy (it slows the client down once the server throttles: a prune is one
   * long burst against one bucket) with more attempts than the default three; 10 unless
   * {@code AWS_MAX_ATTEMPTS} says otherwise.
   */
  public static RetryStrategy retryStrategy(int maxAttempts) {
    return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
  }

  /** Same shape as the default, with short pauses: for tests against a local fault-injecting server. */
  public static RetryStrategy fastRetryStrategy(int maxAttempts) {
    BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    return AwsRetryStrategy.standardRetryStrategy(false).toBuilder().maxAttempts(maxAttempts)
        .backoffStrategy(quick).throttlingBackoffStrategy(quick).build();
  }

  // The Apache 4 client is deprecated in favour of apache5-client; the pom's apache-client is the one
  // the feasibility study measured, and switching is a project-wide dependency change.
  @SuppressWarnings("deprecation")
  public S3BucketStore(Settings settings, AwsCredentialsProvider credentials) {
    this.bucket = settings.bucket();
    S3ClientBuilder b = S3Client.builder()
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(o -> o
            .retryStrategy(settings.retry())
            .apiCallAttemptTimeout(Duration.ofMinutes(2))
            .addExecutionInterceptor(new Counter()));
    settings.endpoint().ifPresent(e -> b.endpointOverride(e).addPlugin(LegacyMd5Plugin.create()));
    settings.region().map(Region::of).ifPresent(b::region);
    if (settings.region().isEmpty() && settings.endpoint().isPresent()) {
      // S3-compatible stores rarely care about the region, but SigV4 needs one.
      b.region(Region.US_EAST_1);
    }
    try {
      this.s3 = b.build();
    } catch (SdkClientException e) {
      throw new StoreException("cannot set up the S3 client: " + firstLine(e.getMessage())
          + " (set --region or AWS_REGION)", false, e);
    }
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void list(String prefix, Consumer<List<StoredObject>> pageSink) {
    call("list s3://" + bucket + "/" + prefix, () -> {
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).maxKeys(1000))) {
        List<StoredObject> objects = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
          objects.add(new StoredObject(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag())));
        }
        pageSink.accept(objects);
      }
      return null;
    });
  }

  @Override
  public Optional<Content> get(String key) {
    return call("get s3://" + bucket + "/" + key, () -> {
      try {
        var r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        var meta = r.response();
        return Optional.of(new Content(new StoredObject(key, r.asByteArrayUnsafe().length, meta.lastModified(),
            unquote(meta.eTag())), r.asByteArrayUnsafe()));
      } catch (NoSuchKeyException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public Optional<StoredObject> head(String key) {
    return call("head s3://" + bucket + "/" + key, () -> {
      try {
        HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
        return Optional.of(new StoredObject(key, r.contentLength() == null ? 0 : r.contentLength(), r.lastModified(),
            unquote(r.eTag())));
      } catch (NoSuchKeyException e) {
        return Optional.empty();
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  @Override
  public void put(String key, byte[] body, String contentType, String cacheControl) {
    call("put s3://" + bucket + "/" + key, () -> s3.putObject(b -> {
      b.bucket(bucket).key(key).contentType(contentType);
      if (!cacheControl.isEmpty()) {
        b.cacheControl(cacheControl);
      }
    }, RequestBody.fromBytes(body)));
  }

  @Override
  public List<KeyError> delete(List<String> keys) {
    if (keys.size() > PruneExecutor.MAX_BATCH) {
      throw new IllegalArgumentException("DeleteObjects takes at most 1000 keys");
    }
    List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    DeleteObjectsResponse r = call("delete " + keys.size() + " objects in s3://" + bucket,
        () -> s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build())));
    List<KeyError> out = new ArrayList<>();
    for (S3Error e : r.errors()) {
      out.add(new KeyError(e.key(), e.code() == null ? "Unknown" : e.code(), e.message() == null ? "" : e.message()));
    }
    return out;
  }

  @Override
  public RequestStats stats() {
    Map<String, Long> snapshot = new java.util.TreeMap<>();
    attempts.forEach((op, n) -> snapshot.put(op, n.get()));
    return new RequestStats(snapshot, Math.max(0, transmissions.get() - calls.get()));
  }

  @Override
  public void close() {
    s3.close();
  }

  private <T> T call(String what, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
      int status = e.statusCode();
      boolean retryable = status >= 500 || status == 429 || status == 408;
      throw new StoreException(what + ": HTTP " + status + (code == null || code.isEmpty() ? "" : " " + code)
          + (message == null || message.isEmpty() ? "" : ": " + firstLine(message)), retryable, e);
    } catch (SdkException e) {
      throw new StoreException(what + ": " + firstLine(String.valueOf(e.getMessage())), true, e);
    }
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    boolean quoted = etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"");
    return quoted ? etag.substring(1, etag.length() - 1) : etag;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Counts every HTTP attempt by operation; attempts beyond one per call are the SDK's retries. */
  private final class Counter implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      calls.incrementAndGet();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      attempts.computeIfAbsent(op == null ? "Unknown" : op, k -> new AtomicLong()).incrementAndGet();
      transmissions.incrementAndGet();
    }
  }
}
