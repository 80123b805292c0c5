package spacktainers.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: a temporary file in the same folder is written, flushed, then renamed.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] content) {
    write(target, out -> out.write(content));
  }

  /** Streams content into {@code target}; on any failure the target is left untouched. */
  public static void write(Path target, ContentWriter writer) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // createTempFile alone makes the file 0600; output files get the usual 0666 & ~umask
      tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")))
          : Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.writeTo(out);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new OperationFailedException(target.toString(), "cannot write: " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file has a dot name and cannot be mistaken for output
        }
      }
    }
  }

  /** A short, user-facing reason for an I/O failure (the exception class alone says little). */
  public static String describe(IOException e) {
    String type = e.getClass().getSimpleName();
    String msg = e.getMessage();
    return switch (type) {
      case "NoSuchFileException" -> "no such file or directory";
      case "AccessDeniedException" -> "permission denied";
      case "FileAlreadyExistsException" -> "already exists";
      case "NotDirectoryException" -> "not a directory";
      case "DirectoryNotEmptyException" -> "directory not empty";
      default -> msg == null ? type : msg;
    };
  }

  /** Writes content to a stream; may throw {@link IOException}. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Reads a UTF-8 text file, turning I/O failures into a one-line input error. */
  public static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw InvalidInputException.of(file.toString(), "cannot read: " + describe(e));
    } catch (UncheckedIOException e) {
      throw InvalidInputException.of(file.toString(), "cannot read: " + describe(e.getCause()));
    }
  }
}
