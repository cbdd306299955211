/** The example reads only what the library exports: its front door, the platform model, BuildLog. */
module io.cinemaabyss.cinema.examples {
  requires io.cinemaabyss.cinema;
}
