package io.cinemaabyss.cinema.deployment;

import java.util.List;

/** One workload and the verdict on each of its images. */
public record WorkloadCheck(Workload workload, List<ImageCheck> images) {

  public WorkloadCheck {
    images = List.copyOf(images);
  }

  public boolean ok() {
    return images.stream().allMatch(ImageCheck::ok);
  }
}
