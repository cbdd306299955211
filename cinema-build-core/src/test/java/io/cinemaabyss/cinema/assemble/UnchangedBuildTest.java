package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.MediaType;
import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.layout.OciLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build whose inputs did not change reuses the image in the layout; any change rebuilds it. */
class UnchangedBuildTest {

  @TempDir Path dir;
  Path module;
  final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>()); // jib logs from its threads

  @BeforeEach
  void module() throws Exception {
    module = dir.resolve("svc");
    Files.createDirectories(module);
    Files.writeString(module.resolve("go.mod"), "module example.com/svc\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"one\") }\n");
  }

  BuildResult build(ContainerSpec spec, String tag) {
    lines.clear();
    return GoImageBuild.module(module)
        .platforms("linux/amd64", "linux/arm64")
        .container(spec)
        .workDirectory(dir.resolve("work"))
        .log(BuildLog.of(lines::add))
        .buildTo(dir.resolve("oci"), tag);
  }

  boolean reused() {
    return lines.stream().anyMatch(l -> l.startsWith("Image unchanged since the last build"));
  }

  @Test
  void sameInputsReuseTheIndexAndAnyChangeRebuildsIt() throws Exception {
    ContainerSpec spec = ContainerSpec.forBinary("svc");
    BuildResult first = build(spec, "1");
    assertThat(reused()).isFalse();

    BuildResult again = build(spec, "1");
    assertThat(reused()).isTrue();
    assertThat(again.index()).isEqualTo(first.index());
    assertThat(again.images()).isEqualTo(first.images());

    BuildResult otherUser = build(spec.withUser("1000"), "1");
    assertThat(reused()).isFalse();
    assertThat(otherUser.index().digest()).isNotEqualTo(first.index().digest());

    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"two\") }\n");
    BuildResult newSource = build(spec.withUser("1000"), "1");
    assertThat(reused()).isFalse();
    assertThat(newSource.index().digest()).isNotEqualTo(otherUser.index().digest());
  }

  @Test
  void aLayoutThatLostTheTagIsRebuilt() throws Exception {
    ContainerSpec spec = ContainerSpec.forBinary("svc");
    BuildResult first = build(spec, "1");
    OciLayout layout = OciLayout.open(dir.resolve("oci"));
    Descriptor other = layout.writeBlob(MediaType.OCI_INDEX.value(), "{}".getBytes());
    layout.tag("1", other);

    BuildResult again = build(spec, "1");
    assertThat(reused()).isFalse();
    assertThat(layout.resolve("1")).map(Descriptor::digest).contains(first.index().digest());
    assertThat(again.index()).isEqualTo(first.index());
  }

  @Test
  void aChangedExtraFileOrKodataFileRebuildsTheImage() throws Exception {
    Path extra = dir.resolve("extra");
    Files.createDirectories(extra);
    Files.writeString(extra.resolve("a.txt"), "one");
    Files.createDirectories(module.resolve("kodata"));
    Files.writeString(module.resolve("kodata/page.html"), "one");
    ContainerSpec spec = ContainerSpec.forBinary("svc").withExtraDirectories(List.of(ExtraDirectory.of(extra, "/opt")));
    BuildResult first = build(spec, "x");
    assertThat(build(spec, "x").index()).isEqualTo(first.index());
    assertThat(reused()).isTrue();

    Files.writeString(extra.resolve("a.txt"), "two");
    BuildResult changedExtra = build(spec, "x");
    assertThat(reused()).isFalse();
    assertThat(changedExtra.index().digest()).isNotEqualTo(first.index().digest());

    Files.writeString(module.resolve("kodata/page.html"), "two");
    BuildResult changedKodata = build(spec, "x");
    assertThat(reused()).isFalse();
    assertThat(changedKodata.index().digest()).isNotEqualTo(changedExtra.index().digest());
  }
}
