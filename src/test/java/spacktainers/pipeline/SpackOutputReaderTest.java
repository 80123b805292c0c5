package spacktainers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import spacktainers.common.InvalidInputException;
import spacktainers.yaml.YamlLimits;
import spacktainers.yaml.YamlReader;

class SpackOutputReaderTest {
  private final YamlReader yaml = new YamlReader(YamlLimits.PIPELINE).forMachineWrittenFiles(2);
  private final SpackOutputReader reader = new SpackOutputReader();

  private SpackOutput read(String text) {
    return reader.read(yaml.parse(text, "in.yml"));
  }

  @Test
  void readsEveryFormGitLabAllowsAndKeepsUnknownKeysInOrder() {
    SpackOutput out = read("""
        build-a:
          zz-spack-private: {keep: me}
          image: ubuntu:22.04
          needs:
            - plain-name
            - {job: with-artifacts, artifacts: false}
            - {job: gen, pipeline: 4815162}
            - {job: maybe, optional: true}
          stage: stage-1
          script: [spack ci rebuild]
          custom_after: 1
        plain-name: {stage: stage-0, script: [x], image: {name: img, entrypoint: ['']}}
        with-artifacts: {stage: stage-0, script: [x]}
        stages: [stage-0, stage-1]
        """);
    Job a = out.jobs().get(0);
    assertEquals("build-a", a.name());
    assertEquals(List.of("zz-spack-private", "image", "script", "custom_after"), List.copyOf(a.other().keySet()));
    assertEquals("ubuntu:22.04", a.get("image").orElseThrow().textValue());
    List<Need> needs = a.needs().orElseThrow();
    assertEquals(Need.of("plain-name"), needs.get(0));
    assertEquals(Need.of("with-artifacts", false), needs.get(1));
    assertEquals(Optional.of("4815162"), needs.get(2).pipeline());
    assertTrue(!needs.get(2).isLocal() && needs.get(3).isOptional());
    assertEquals(Optional.of("stage-1"), a.stage());
    String written = PipelineWriter.jobYaml(a);
    assertEquals("""
        build-a:
          stage: stage-1
          image: ubuntu:22.04
          needs:
            - plain-name
            - job: with-artifacts
              artifacts: false
            - job: gen
              pipeline: '4815162'
            - job: maybe
              optional: true
          script:
            - spack ci rebuild
          zz-spack-private:
            keep: me
          custom_after: 1
        """, written);
  }

  @Test
  void resolvesExtendsFromHiddenTemplatesAndPushesDefaultsIntoJobs() {
    SpackOutput out = read("""
        default: {tags: [spack], retry: 1}
        image: global:1
        .c0: {tags: [big], variables: {A: a, B: b}, script: [from-template]}
        .c1: {extends: .c0, variables: {B: override}}
        job: {extends: [.c1], variables: {C: c}, stage: s}
        stages: [s]
        """);
    assertEquals(1, out.jobs().size(), "templates are dropped");
    Job job = out.jobs().get(0);
    assertEquals(List.of("big"), job.tags());
    assertEquals("{\"A\":\"a\",\"B\":\"override\",\"C\":\"c\"}",
        PipelineWriter.variablesNode(job.variables()).toString());
    assertEquals("global:1", job.get("image").orElseThrow().textValue());
    assertEquals(1, job.get("retry").orElseThrow().intValue());
    assertEquals("from-template", job.get("script").orElseThrow().get(0).textValue());
  }

  @Test
  void noOpFilesAndServiceJobsAreRecognised() {
    SpackOutput noop = read("no-specs-to-rebuild: {script: [echo]}\nworkflow: {rules: [{when: always}]}\n");
    assertTrue(noop.isNoop());
    assertEquals(SpackJobKind.REBUILD_INDEX, SpackJobKind.of("rebuild-index"));
    assertEquals(SpackJobKind.WAIT, SpackJobKind.of("wait-for-build-jobs"));
    assertEquals(SpackJobKind.BUILD, SpackJobKind.of("(specs) zlib/abcdefg 1.3 gcc@12 linux-ubuntu22.04-x86_64"));
  }

  @Test
  void badShapesAreReportedWithKeyPathsAllAtOnce() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("""
        a: {stage: [not, text], script: [x], needs: [{artifacts: false}]}
        b: {extends: .missing, script: [x]}
        include: [other.yml]
        """));
    List<String> lines = e.problems().stream().map(p -> p.line()).toList();
    assertTrue(lines.contains("in.yml:3:1: include: 'include' is not supported in spack ci generate output"),
        lines.toString());
    assertTrue(lines.contains("in.yml:2:5: b.extends: extends '.missing', which is not a job or template of this file"),
        lines.toString());
    assertTrue(lines.contains("in.yml:1:5: a.stage: expected text, not a list"), lines.toString());
    // Deeper than the locations kept for big files: the line is that of the parent key, 'needs'.
    assertTrue(lines.contains("in.yml:1:38: a.needs[0]: a need written as a mapping must name its 'job'"),
        lines.toString());
  }
}
