package spacktainers.recipe;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.reflect.SimpleObjectHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import spacktainers.common.InvalidInputException;

/**
 * Renders the containerize templates (mustache). Stock templates live in the jar under
 * {@code templates/containerize/}; a user folder ({@code --template-dir}) and the folder of a
 * {@code container.template} file are searched first, for the main template and its partials
 * alike, so one stage can be replaced without copying the rest.
 */
public final class TemplateRenderer {
  static final String STOCK = "templates/containerize/";

  private final List<Path> userDirs;
  private final Optional<Path> mainTemplate;
  private final String where;

  /**
   * @param userDirs folders searched before the stock templates, in order
   * @param mainTemplate a file replacing the format's stock main template
   * @param where how to name the template in errors (its key path or option)
   */
  public TemplateRenderer(List<Path> userDirs, Optional<Path> mainTemplate, String where) {
    this.userDirs = List.copyOf(userDirs);
    this.mainTemplate = mainTemplate;
    this.where = where;
  }

  public String render(Format format, Map<String, Object> scope) {
    String name = format.key() + ".mustache";
    List<Path> dirs = new ArrayList<>();
    mainTemplate.map(Path::getParent).ifPresent(dirs::add);
    dirs.addAll(userDirs);
    Factory factory = new Factory(new Resolver(dirs));
    factory.setObjectHandler(new SimpleObjectHandler());
    try {
      Mustache mustache;
      if (mainTemplate.isPresent()) {
        Path file = mainTemplate.get();
        String text = readUser(file);
        mustache = factory.compile(new StringReader(text), name);
      } else {
        mustache = factory.compile(name);
      }
      StringWriter out = new StringWriter(8192);
      mustache.execute(out, scope);
      return out.toString();
    } catch (MustacheException e) {
      throw InvalidInputException.of(where, "template error: " + firstLine(e.getMessage()));
    }
  }

  private String readUser(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw InvalidInputException.of(where, "cannot read the template " + file + ": "
          + spacktainers.common.AtomicFiles.describe(e));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Recipes are not HTML: values are written as they are. */
  private static final class Factory extends DefaultMustacheFactory {
    Factory(MustacheResolver resolver) {
      super(resolver);
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new MustacheException("cannot write", e);
      }
    }
  }

  private record Resolver(List<Path> dirs) implements MustacheResolver {
    @Override
    public Reader getReader(String resourceName) {
      String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
      if (name.contains("..")) {
        return null;
      }
      for (Path dir : dirs) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
          try {
            return Files.newBufferedReader(p, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new MustacheException("cannot read " + p + ": " + e.getMessage(), e);
          }
        }
      }
      InputStream in = TemplateRenderer.class.getClassLoader().getResourceAsStream(STOCK + name);
      return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    }
  }
}
