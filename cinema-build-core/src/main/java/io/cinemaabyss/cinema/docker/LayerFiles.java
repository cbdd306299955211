package io.cinemaabyss.cinema.docker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files an image's layers add up to, enough to find one file: entries per path with the
 * layer that has them last, whiteouts ({@code .wh.name}, {@code .wh..wh..opq}) applied, and symlinks
 * and hard links followed. Kept small on purpose: it reads only what finding an entrypoint needs.
 */
final class LayerFiles {

  /** Opens layer {@code i} (a tar, gzip-compressed or not). */
  interface LayerSource {
    InputStream open(int layer) throws IOException;
  }

  private record Entry(int layer, char type, String link) {}

  private static final int MAX_HOPS = 40;

  private final LayerSource source;
  private final Map<String, Entry> entries;

  private LayerFiles(LayerSource source, Map<String, Entry> entries) {
    this.source = source;
    this.entries = entries;
  }

  static LayerFiles index(int layerCount, LayerSource source) {
    Map<String, Entry> entries = new HashMap<>();
    for (int layer = 0; layer < layerCount; layer++) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(source.open(layer)))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          String name = normalise(e.getName());
          String base = name.substring(name.lastIndexOf('/') + 1);
          String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
          if (base.equals(".wh..wh..opq")) {
            removeUnder(entries, dir, layer, false);
          } else if (base.startsWith(".wh.")) {
            String gone = (dir.isEmpty() ? "" : dir + "/") + base.substring(4);
            removeUnder(entries, gone, layer, true);
          } else if (!name.isEmpty()) {
            char type = e.isSymbolicLink() ? 'l' : e.isLink() ? 'h' : e.isDirectory() ? 'd' : 'f';
            String link = type == 'h' ? normalise(e.getLinkName()) : type == 'l' ? e.getLinkName() : "";
            entries.put(name, new Entry(layer, type, link));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read layer " + layer + " of the image", e);
      }
    }
    return new LayerFiles(source, entries);
  }

  /**
   * The path of the regular file {@code path} leads to, following symlinks (in any component)
   * and hard links; empty when there is none.
   */
  Optional<String> resolve(String path) {
    List<String> pending = new ArrayList<>(List.of(normalise(path).split("/")));
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.remove(0);
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      String candidate = String.join("/", done) + (done.isEmpty() ? "" : "/") + part;
      Entry entry = entries.get(candidate);
      if (entry != null && (entry.type() == 'l' || entry.type() == 'h')) {
        if (++hops > MAX_HOPS) {
          return Optional.empty();
        }
        String link = entry.link();
        List<String> rest = new ArrayList<>(List.of(link.split("/")));
        rest.addAll(pending);
        pending = rest;
        if (link.startsWith("/") || entry.type() == 'h') {
          done.clear();
        }
        continue;
      }
      if (entry == null && !hasChildren(candidate)) {
        return Optional.empty();
      }
      done.add(part);
    }
    String result = String.join("/", done);
    Entry entry = entries.get(result);
    return entry != null && entry.type() == 'f' ? Optional.of(result) : Optional.empty();
  }

  /** Looks {@code program} up like a shell: as a path when it has a slash, else in each PATH directory. */
  Optional<String> which(String program, List<String> pathDirs, String workingDir) {
    if (program.contains("/")) {
      String full = program.startsWith("/") ? program : (workingDir.isEmpty() ? "/" : workingDir) + "/" + program;
      return resolve(full);
    }
    for (String dir : pathDirs) {
      Optional<String> found = resolve(dir + "/" + program);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The first {@code n} bytes of a resolved regular file. */
  byte[] head(String resolved, int n) {
    try (InputStream in = open(resolved)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read /" + resolved + " from the image", e);
    }
  }

  void copy(String resolved, Path dest) {
    try (InputStream in = open(resolved)) {
      Files.createDirectories(dest.toAbsolutePath().getParent());
      Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
      dest.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy /" + resolved + " out of the image", e);
    }
  }

  private InputStream open(String resolved) throws IOException {
    Entry entry = entries.get(resolved);
    TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(source.open(entry.layer())));
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      if (normalise(e.getName()).equals(resolved) && e.isFile()) {
        return tar;
      }
    }
    tar.close();
    throw new IOException("/" + resolved + " is not in layer " + entry.layer());
  }

  private boolean hasChildren(String dir) {
    String prefix = dir + "/";
    return entries.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  private static void removeUnder(Map<String, Entry> entries, String path, int layer, boolean includingItself) {
    String prefix = path.isEmpty() ? "" : path + "/";
    entries.entrySet().removeIf(
        e -> e.getValue().layer() < layer
            && ((includingItself && e.getKey().equals(path)) || e.getKey().startsWith(prefix)));
  }

  static String normalise(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    return n.equals(".") ? "" : n;
  }

  static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 65536);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65536) : in;
  }
}
