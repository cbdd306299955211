module io.cinemaabyss.cinema {
  requires com.google.cloud.tools.jib;
  requires com.google.cloud.tools.jib.api.buildplan;
  requires com.fasterxml.jackson.databind;
  requires com.google.api.client;
  requires org.apache.commons.compress;
  requires org.yaml.snakeyaml;
  requires com.github.dockerjava.api;
  requires com.github.dockerjava.core;
  requires com.github.dockerjava.transport;
  requires com.github.dockerjava.transport.httpclient5;
  requires java.net.http;
  exports io.cinemaabyss.cinema;
  exports io.cinemaabyss.cinema.api;
  exports io.cinemaabyss.cinema.oci;
}
