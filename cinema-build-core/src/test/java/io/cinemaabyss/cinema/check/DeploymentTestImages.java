package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import java.nio.file.Path;
import java.util.List;

/**
 * Three images pushed to the plain test registry for deployment checks, each with a real tiny Go
 * binary: one for linux/amd64 and linux/arm64, one for linux/amd64 only, and one whose amd64 entry
 * and config say amd64 while its binary is arm64 (a config that lies).
 */
public final class DeploymentTestImages {

  public record Images(String multiArch, String amd64Only, String lyingConfig) {}

  private static Images pushed;

  private DeploymentTestImages() {}

  public static synchronized Images push(Path work) {
    if (pushed == null) {
      List<String> tiny = List.of("/usr/local/bin/tiny");
      TestImageWriter oci = new TestImageWriter(OciLayout.create(work.resolve("deployment-oci")), false);
      Path layout = oci.layout().root();
      Descriptor arm = oci.image(Config.of("linux/arm64", tiny), TinyProgram.appLayer("arm64"));
      Descriptor amd = oci.image(Config.of("linux/amd64", tiny), TinyProgram.appLayer("amd64"));
      Descriptor amdCarryingArm = oci.image(Config.of("linux/amd64", tiny), TinyProgram.appLayer("arm64"));
      oci.index("multi", TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
      oci.index("amd64", TestImageWriter.entry(amd, "linux/amd64"));
      oci.index("lying", TestImageWriter.entry(amdCarryingArm, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
      pushed = new Images(
          TinyProgram.push(layout, "multi", "deploy-multi"),
          TinyProgram.push(layout, "amd64", "deploy-amd64"),
          TinyProgram.push(layout, "lying", "deploy-lying"));
    }
    return pushed;
  }
}
