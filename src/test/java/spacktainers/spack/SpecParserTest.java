package spacktainers.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import spacktainers.common.InvalidInputException;

class SpecParserTest {
  private static Spec parse(String s) {
    return SpecParser.parse(s, "t.yaml: spack.specs[0]");
  }

  /** spec | name | versions after '@' (or -) | pinned version (or -). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      zlib                                              | zlib             | -                 | -
      neuron@9.0                                        | neuron           | 9.0               | 9.0
      neuron@=9.0.1                                     | neuron           | =9.0.1            | 9.0.1
      gmsh@4:                                           | gmsh             | 4:                | -
      gmsh@:4.13                                        | gmsh             | :4.13             | -
      hdf5@1.12:1.14                                    | hdf5             | 1.12:1.14         | -
      mvapich@1.0,1.2:1.4,1.6:1.8                       | mvapich          | 1.0,1.2:1.4,1.6:1.8 | -
      openmpi@4.1.6 +cuda                               | openmpi          | 4.1.6             | 4.1.6
      neuron ~caliper +mpi                              | neuron           | -                 | -
      neuron~caliper                                    | neuron           | -                 | -
      neurodamus-models+coreneuron model=neocortex      | neurodamus-models | -                | -
      `neurodamus-models model=neocortex ~plasticity`   | neurodamus-models | -                | -
      hdf5 +mpi %gcc@12                                 | hdf5             | -                 | -
      hdf5@1.14.3 %gcc@12.3.0                           | hdf5             | 1.14.3            | 1.14.3
      x ^dep                                            | x                | -                 | -
      x ^dep@1.2                                        | x                | -                 | -
      py-numpy@1.26.4 ^openblas@0.3.26 threads=openmp   | py-numpy         | 1.26.4            | 1.26.4
      zlib target=x86_64_v3                             | zlib             | -                 | -
      zlib os=ubuntu22.04 target=zen2                   | zlib             | -                 | -
      zlib arch=linux-ubuntu22.04-x86_64                | zlib             | -                 | -
      zlib platform=linux                               | zlib             | -                 | -
      `neuron @9.0.0 +mpi`                              | neuron           | 9.0.0             | 9.0.0
      `neuron @ 9.0.0`                                  | neuron           | 9.0.0             | 9.0.0
      `  neuron@9.0   `                                 | neuron           | 9.0               | 9.0
      builtin.zlib@1.3                                  | zlib             | 1.3               | 1.3
      `zlib cflags="-O3 -g"`                            | zlib             | -                 | -
      `zlib cflags='-O2'`                               | zlib             | -                 | -
      zlib cppflags=-O3                                 | zlib             | -                 | -
      zlib ++shared                                     | zlib             | -                 | -
      zlib ~~shared                                     | zlib             | -                 | -
      zlib -shared                                      | zlib             | -                 | -
      zlib build_system==cmake                          | zlib             | -                 | -
      hdf5 ^[virtuals=mpi] openmpi@5                    | hdf5             | -                 | -
      hdf5 %c,cxx=gcc@13                                | hdf5             | -                 | -
      hdf5 %[virtuals=c] gcc                            | hdf5             | -                 | -
      hdf5 %%gcc@13                                     | hdf5             | -                 | -
      mpileaks@1.2:1.4 +debug ~qt target=x86_64_v3 %gcc@15 ^libelf@1.1 %clang@20 | mpileaks | 1.2:1.4 | -
      neuron@develop                                    | neuron           | develop           | develop
      neuron@=develop                                   | neuron           | =develop          | develop
      neuron@git.v9.0.1=9.0.1                           | neuron           | git.v9.0.1=9.0.1  | 9.0.1
      neuron@git.feature/cool-thing=9.1                 | neuron           | git.feature/cool-thing=9.1 | 9.1
      neuron@0123456789abcdef0123456789abcdef01234567=9.0 | neuron         | 0123456789abcdef0123456789abcdef01234567=9.0 | 9.0
      py-h5py ^hdf5@1.14 ~mpi                           | py-h5py          | -                 | -
      zlib /abcdef1                                     | zlib             | -                 | -
      zlib ^/abcdef1                                    | zlib             | -                 | -
      cuda@12.4.0 +allow-unsupported-compilers          | cuda             | 12.4.0            | 12.4.0
      llvm@18.1.8 targets=x86,nvptx                     | llvm             | 18.1.8            | 18.1.8
      intel-oneapi-mkl@2024.2.0 threads=tbb             | intel-oneapi-mkl | 2024.2.0          | 2024.2.0
      python@3.11.9 +optimizations                      | python           | 3.11.9            | 3.11.9
      boost@1.85.0 +filesystem+system cxxstd=17         | boost            | 1.85.0            | 1.85.0
      r@4.4.1                                           | r                | 4.4.1             | 4.4.1
      openssl@3.0.0-rc1                                 | openssl          | 3.0.0-rc1         | 3.0.0-rc1
      """)
  void parsesNamesAndVersions(String text, String name, String versions, String pinned) {
    Spec s = parse(text);
    assertEquals(name, s.name(), text);
    assertEquals(versions.equals("-") ? Optional.empty() : Optional.of(versions),
        s.versions().map(VersionConstraint::text), text);
    assertEquals(pinned.equals("-") ? Optional.empty() : Optional.of(pinned), s.pinnedVersion(), text);
  }

  @Test
  void variantsAndAttributesBindToTheirNode() {
    Spec s = parse("neuron@9.0 +mpi ~caliper model=neocortex cflags=\"-O3 -g\" target=zen2 os=rhel8");
    assertEquals(List.of(Variant.enabled("mpi", false), Variant.disabled("caliper", false),
        Variant.value("model", "neocortex", false), Variant.value("cflags", "-O3 -g", false),
        Variant.value("target", "zen2", false), Variant.value("os", "rhel8", false)), s.variants());
    assertEquals(Optional.of("zen2"), s.target());
    assertEquals(Optional.of("rhel8"), s.os());
  }

  @Test
  void dependenciesAndCompilersFollowSpack1Binding() {
    Spec s = parse("mpileaks@1.2:1.4 +debug %gcc@15 ^libelf@1.1 +pic %clang@20");
    assertEquals(2, s.dependencies().size());
    Spec.Dependency gcc = s.dependencies().get(0);
    assertEquals(Spec.Dependency.Kind.DIRECT, gcc.kind());
    assertEquals("gcc", gcc.spec().name());
    assertEquals(Optional.of("15"), gcc.spec().pinnedVersion());
    Spec.Dependency libelf = s.dependencies().get(1);
    assertEquals(Spec.Dependency.Kind.TRANSITIVE, libelf.kind());
    assertEquals(List.of(Variant.enabled("pic", false)), libelf.spec().variants());
    assertEquals("clang", libelf.spec().dependencies().get(0).spec().name(), "%clang belongs to libelf");
    assertEquals(List.of(Variant.enabled("debug", false)), s.variants());
  }

  @Test
  void edgeAttributesAndVirtualAssignments() {
    Spec s = parse("hdf5 ^[virtuals=mpi deptypes=link] openmpi %c,cxx=gcc@13");
    Spec.Dependency mpi = s.dependencies().get(0);
    assertEquals(List.of(Variant.value("virtuals", "mpi", false), Variant.value("deptypes", "link", false)),
        mpi.edgeAttributes());
    Spec.Dependency gcc = mpi.spec().dependencies().get(0);
    assertEquals(List.of(Variant.value("virtuals", "c,cxx", false)), gcc.edgeAttributes());
    assertEquals("gcc", gcc.spec().name());
  }

  @Test
  void namespacesHashesAndPropagation() {
    Spec s = parse("builtin.zlib ++shared cflags==-O2 /abc123");
    assertEquals(Optional.of("builtin"), s.namespace());
    assertEquals(Optional.of("abc123"), s.hash());
    assertTrue(s.variants().get(0).propagate());
    assertTrue(s.variants().get(1).propagate());
  }

  @Test
  void anonymousSpecsAreAllowedForConstraints() {
    Spec s = parse("%gcc@12 os=ubuntu22.04 target=x86_64_v3");
    assertTrue(s.isAnonymous());
    assertEquals(Optional.of("x86_64_v3"), s.dependencies().get(0).spec().target());
    Spec t = parse("target=x86_64_v3 os=ubuntu22.04");
    assertEquals(Optional.of("x86_64_v3"), t.target());
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "   ", "zlib bzip2", "zlib@", "zlib@1.2@1.3", "zlib@1..2:", "zlib@::", "zlib@1,,2",
      "zlib +", "zlib ^", "zlib %", "zlib cflags=", "zlib cflags=\"-O3", "zlib^[virtuals=mpi openmpi",
      "zlib !x", "zlib@1.0-x+", "zlib ^dep bzip2", "zlib /", "zlib@.1", "zlib cflags=\"\" +x@"})
  void rejectsMalformedSpecs(String text) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(text), text);
    String line = e.problems().get(0).line();
    assertTrue(line.startsWith("t.yaml: spack.specs[0]: invalid spec '" + text + "': "), line);
  }

  @Test
  void errorsNameTheColumn() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse("zlib bzip2"));
    assertEquals("t.yaml: spack.specs[0]: invalid spec 'zlib bzip2': unexpected package name 'bzip2': one entry"
        + " holds one spec (attach dependencies with '^' or '%') (column 6)", e.problems().get(0).line());
  }
}
