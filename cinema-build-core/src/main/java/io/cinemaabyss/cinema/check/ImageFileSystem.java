package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.InvalidContentException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file tree of an image as its layers build it, metadata only: directories, files (with their
 * first bytes and the layer they come from), symlinks, and what whiteouts deleted. Layers are
 * applied bottom to top the way containerd applies them: an entry's parent path follows symlinks
 * inside the image root, missing parents are created, {@code .wh.NAME} deletes NAME and
 * {@code .wh..wh..opq} hides everything lower layers put in its directory.
 *
 * <p>A tree started with {@link #overUnknownLayers()} knows only the layers applied to it; any
 * question whose answer would depend on the layers below throws {@link LowerLayersNeeded}, so that
 * the caller reads those layers only when the top ones cannot settle the answer.
 */
final class ImageFileSystem {

  /** Symlinks followed in one lookup before it is called a loop (Linux allows 40). */
  static final int MAX_SYMLINKS = 40;

  /** The answer depends on layers this tree has not seen. */
  static final class LowerLayersNeeded extends RuntimeException {
    LowerLayersNeeded() {
      super("lower layers needed", null, false, false);
    }
  }

  enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK,
    OTHER,
    ABSENT
  }

  /** What a lookup found. */
  enum Status {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER,
    MISSING,
    NOT_A_DIRECTORY
  }

  /**
   * The result of looking a path up: what is there, the path after symlinks, the file's location
   * and first bytes, and for a missing path the whiteout that deleted it, if one did.
   */
  record Lookup(Status status, String asked, String resolved, FileLocation location, byte[] head, String linkTarget, String deletedBy) {
    boolean found() {
      return status != Status.MISSING && status != Status.NOT_A_DIRECTORY;
    }
  }

  private static final class Node {
    Kind kind;
    int layer;
    String layerDigest = "";
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean lowerUnknown;
    String linkTarget = "";
    FileLocation location;
    byte[] head = new byte[0];

    Node(Kind kind, int layer) {
      this.kind = kind;
      this.layer = layer;
    }
  }

  private final Node root;
  private int layer;
  private String layerDigest = "";

  private ImageFileSystem(boolean lowerUnknown) {
    root = new Node(Kind.DIRECTORY, 0);
    root.lowerUnknown = lowerUnknown;
  }

  /** A tree that starts empty: apply every layer from the bottom. */
  static ImageFileSystem empty() {
    return new ImageFileSystem(false);
  }

  /** A tree over layers not yet read: apply only the top ones; unknown answers throw {@link LowerLayersNeeded}. */
  static ImageFileSystem overUnknownLayers() {
    return new ImageFileSystem(true);
  }

  /** Starts applying the layer at {@code position} (1 = bottom) with that digest. */
  void beginLayer(int position, String digest) {
    this.layer = position;
    this.layerDigest = digest;
  }

  /** Applies one entry of the current layer. */
  void apply(LayerEntry entry) {
    List<String> components = ImagePath.components(entry.name(), layerDigest);
    if (components.isEmpty()) {
      return; // the root directory itself: nothing to model
    }
    String base = components.get(components.size() - 1);
    List<String> parent = components.subList(0, components.size() - 1);
    if (base.startsWith(".wh.")) {
      Lookup dir = walk(parent, true, false, entry.name());
      if (dir.status() != Status.DIRECTORY) {
        return; // deleting under a path that does not exist deletes nothing
      }
      Node directory = nodeAt(dir.resolved());
      if (base.equals(".wh..wh..opq")) {
        hideLowerLayers(directory);
      } else {
        Node tombstone = new Node(Kind.ABSENT, layer);
        tombstone.layerDigest = layerDigest;
        directory.children.put(base.substring(4), tombstone);
      }
      return;
    }
    Lookup dir = walk(parent, true, true, entry.name());
    if (dir.status() != Status.DIRECTORY) {
      throw new InvalidContentException(
          "Layer " + layer + " (" + layerDigest + ") has an entry '" + entry.name() + "' under " + dir.resolved()
              + ", which is not a directory in the image: runtimes cannot apply this layer.");
    }
    place(nodeAt(dir.resolved()), base, entry);
  }

  /**
   * Looks up an absolute path as a process in the container would, following symlinks (the last
   * one too when {@code followLast}).
   *
   * @throws SymlinkLoopException when more than {@link #MAX_SYMLINKS} links are followed
   */
  Lookup lookup(String path, boolean followLast) {
    return walk(ImagePath.split(path), followLast, false, path);
  }

  private void place(Node dir, String name, LayerEntry entry) {
    Node existing = dir.children.get(name);
    Node node;
    switch (entry.kind()) {
      case DIRECTORY -> {
        if (existing != null && existing.kind == Kind.DIRECTORY) {
          existing.layer = layer;
          return;
        }
        node = new Node(Kind.DIRECTORY, layer);
        // over an unknown lower layer, a directory there would merge with this one
        node.lowerUnknown = existing == null && dir.lowerUnknown;
      }
      case FILE -> {
        node = new Node(Kind.FILE, layer);
        node.location = new FileLocation(layer, layerDigest, entry.name(), entry.size(), entry.mode());
        node.head = entry.head();
      }
      case SYMLINK -> {
        node = new Node(Kind.SYMLINK, layer);
        node.linkTarget = entry.linkName();
      }
      case HARDLINK -> node = hardlink(entry);
      default -> node = new Node(Kind.OTHER, layer);
    }
    dir.children.put(name, node);
  }

  private Node hardlink(LayerEntry entry) {
    List<String> target = ImagePath.components(entry.linkName(), layerDigest);
    Lookup found = walk(target, false, false, entry.linkName());
    Node node;
    if (found.status() == Status.FILE) {
      node = new Node(Kind.FILE, layer);
      node.location = found.location();
      node.head = found.head();
    } else if (found.status() == Status.SYMLINK) {
      node = new Node(Kind.SYMLINK, layer);
      node.linkTarget = found.linkTarget();
    } else {
      // a hardlink to nothing: runtimes fail on it; it only matters if the entrypoint is this path
      node = new Node(Kind.OTHER, layer);
    }
    return node;
  }

  /** An opaque whiteout: keep only what the current layer put under {@code dir}. */
  private void hideLowerLayers(Node dir) {
    dir.lowerUnknown = false;
    for (Iterator<Node> it = dir.children.values().iterator(); it.hasNext(); ) {
      Node child = it.next();
      if (child.layer < layer) {
        it.remove();
      } else if (child.kind == Kind.DIRECTORY) {
        hideLowerLayers(child);
      }
    }
  }

  private Node nodeAt(String resolvedDirectory) {
    Node node = root;
    for (String part : ImagePath.split(resolvedDirectory)) {
      node = node.children.get(part);
    }
    return node;
  }

  /**
   * Walks {@code input} from the root. With {@code create}, missing directories are made (as the
   * runtime does for an entry's parents) and the directories passed are marked as touched by the
   * current layer.
   */
  private Lookup walk(List<String> input, boolean followLast, boolean create, String asked) {
    Deque<String> todo = new ArrayDeque<>(input);
    List<Node> dirs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Node dir = root;
    int followed = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        // at the root, .. stays at the root, as in a chroot
        if (!dirs.isEmpty()) {
          dirs.remove(dirs.size() - 1);
          names.remove(names.size() - 1);
        }
        dir = dirs.isEmpty() ? root : dirs.get(dirs.size() - 1);
        continue;
      }
      boolean last = todo.isEmpty();
      Node child = dir.children.get(part);
      if (child == null && dir.lowerUnknown) {
        throw new LowerLayersNeeded();
      }
      if (child == null || child.kind == Kind.ABSENT) {
        if (!create) {
          names.add(part);
          String deletedBy =
              child == null ? "" : "deleted by a whiteout in layer " + child.layer + " (" + child.layerDigest + ")";
          return new Lookup(Status.MISSING, asked, ImagePath.join(names), null, null, "", deletedBy);
        }
        child = new Node(Kind.DIRECTORY, layer);
        dir.children.put(part, child);
      }
      if (child.kind == Kind.SYMLINK && (!last || followLast)) {
        if (++followed > MAX_SYMLINKS) {
          names.add(part);
          throw new SymlinkLoopException(ImagePath.join(names), asked, MAX_SYMLINKS);
        }
        List<String> target = ImagePath.split(child.linkTarget);
        for (int i = target.size() - 1; i >= 0; i--) {
          todo.addFirst(target.get(i));
        }
        if (child.linkTarget.startsWith("/")) {
          dirs.clear();
          names.clear();
          dir = root;
        }
        continue;
      }
      names.add(part);
      if (create && child.kind == Kind.DIRECTORY) {
        child.layer = Math.max(child.layer, layer); // the current layer has content here
      }
      if (last) {
        return found(child, asked, names);
      }
      if (child.kind != Kind.DIRECTORY) {
        return new Lookup(Status.NOT_A_DIRECTORY, asked, ImagePath.join(names), null, null, "", "");
      }
      dirs.add(child);
      dir = child;
    }
    return found(dir, asked, names);
  }

  private static Lookup found(Node node, String asked, List<String> names) {
    String resolved = ImagePath.join(names);
    return switch (node.kind) {
      case DIRECTORY -> new Lookup(Status.DIRECTORY, asked, resolved, null, null, "", "");
      case FILE -> new Lookup(Status.FILE, asked, resolved, node.location, node.head, "", "");
      case SYMLINK -> new Lookup(Status.SYMLINK, asked, resolved, null, null, node.linkTarget, "");
      case OTHER -> new Lookup(Status.OTHER, asked, resolved, null, null, "", "");
      case ABSENT -> new Lookup(Status.MISSING, asked, resolved, null, null, "", "");
    };
  }
}
