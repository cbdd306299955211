/** The cinema command line: only the library's front door, the model and picocli. */
module io.cinemaabyss.cinema.cli {
  requires io.cinemaabyss.cinema;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  opens io.cinemaabyss.cinema.cli to info.picocli;
}
