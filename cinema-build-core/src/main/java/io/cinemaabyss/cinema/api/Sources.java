package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryStore;
import io.cinemaabyss.cinema.store.ImageSource;

/** A location as the core reads it. */
final class Sources {

  private Sources() {}

  static ImageSource of(Location location, BuildLog log) {
    if (location instanceof Layout layout) {
      return LayoutStore.open(layout.directory(), layout.reference().orElse(""));
    }
    Registry registry = (Registry) location;
    RegistryAccess access = registry.connection().access(log);
    return RegistryStore.of(registry.reference(), access, registry.credentials().forImage(registry.parsed(), access.log()));
  }
}
