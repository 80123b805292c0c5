package spacktainers.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;
import spacktainers.yaml.YamlWriter;

class EnvironmentMergeTest {
  private static JsonNode yaml(String text) {
    return new YamlReader(YamlLimits.DOCUMENT).parse(text, "t.yaml").root();
  }

  private static String merged(String template, String user) {
    return YamlWriter.write(EnvironmentMerge.merge(yaml(template), yaml(user)));
  }

  @Test
  void userScalarsOverrideTemplateScalars() {
    assertEquals("packages:\n  mpfr:\n    require: '@4.2:'\n",
        merged("packages: {mpfr: {require: '@4.1.0:'}}", "packages: {mpfr: {require: '@4.2:'}}"));
  }

  @Test
  void userListsReplaceTemplateLists() {
    assertEquals("packages:\n  all:\n    providers:\n      mpi:\n        - openmpi\n    require: x\n",
        merged("packages: {all: {providers: {mpi: [mpich]}, require: x}}",
            "packages: {all: {providers: {mpi: [openmpi]}}}"));
  }

  @Test
  void specsAndDefinitionsAreConcatenatedTemplateFirstWithoutRepeats() {
    assertEquals("specs:\n  - cmake\n  - zlib\n  - neuron\ndefinitions:\n  - a:\n      - x\n  - b:\n      - y\n",
        merged("specs: [cmake, zlib]\ndefinitions: [{a: [x]}]", "specs: [zlib, neuron]\ndefinitions: [{b: [y]}]"));
  }

  @Test
  void mappingsMergeRecursivelyAndNewKeysFollowTemplateKeys() {
    assertEquals("config:\n  build_jobs: 8\n  install_tree:\n    root: /opt\n  ccache: true\nview: false\n",
        merged("config: {build_jobs: 4, install_tree: {root: /opt}}\nview: false", "config: {build_jobs: 8, ccache: true}"));
  }

  @Test
  void differentKindsAndOverrideKeysReplace() {
    assertEquals("view: /opt/view\n", merged("view: {default: {root: /v}}", "view: /opt/view"));
    assertEquals("'packages::':\n  zlib:\n    version:\n      - '1.3'\n",
        merged("packages: {all: {require: y}}\n'packages::': {hdf5: {}}", "'packages::': {zlib: {version: ['1.3']}}"));
    assertEquals("'packages::':\n  zlib:\n    buildable: false\n",
        merged("packages: {all: {require: y}}", "'packages::': {zlib: {buildable: false}}"));
  }

  @Test
  void inputsAreNotModified() {
    JsonNode template = yaml("a: {b: [1]}");
    JsonNode user = yaml("a: {b: [2], c: 3}");
    EnvironmentMerge.merge(template, user);
    assertEquals("a:\n  b:\n    - 1\n", YamlWriter.write(template));
  }
}
