package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The front door's public signatures name no jib or docker-java type, and no type of the
 * library's internal packages: only the door's own types, the platform model, BuildLog and
 * CinemaException, and the JDK.
 */
class PublicApiTest {

  private static final List<String> FORBIDDEN = List.of("com.google.cloud.tools.jib", "com.github.dockerjava");
  private static final Set<String> EXPORTED = Set.of("io.cinemaabyss.cinema", "io.cinemaabyss.cinema.api", "io.cinemaabyss.cinema.platform", "io.cinemaabyss.cinema.oci");

  @Test
  void publicSignaturesOfTheDoorNameNoJibDockerJavaOrInternalType() throws Exception {
    List<Class<?>> classes = doorClasses();
    assertThat(classes).extracting(Class::getSimpleName).contains("Cinema", "Layout", "Registry", "Credentials", "Built");
    Set<String> leaks = new TreeSet<>();
    for (Class<?> type : classes) {
      for (Type t : signatureTypes(type)) {
        collect(t, type.getName(), leaks, new java.util.HashSet<>());
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theCheckCatchesAJibTypeInASignature() {
    Set<String> leaks = new TreeSet<>();
    collect(com.google.cloud.tools.jib.api.ImageReference.class, "example", leaks, new java.util.HashSet<>());
    collect(io.cinemaabyss.cinema.assemble.BuildResult.class, "example", leaks, new java.util.HashSet<>());
    assertThat(leaks).hasSize(2);
  }

  /** Every public class of the api package, nested public classes included, from the compiled classes. */
  private static List<Class<?>> doorClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir = Path.of(Cinema.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("io/cinemaabyss/cinema/api");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.class$", "");
        if (name.equals("package-info")) {
          continue;
        }
        Class<?> type = Class.forName("io.cinemaabyss.cinema.api." + name);
        if (isVisible(type)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static List<Type> signatureTypes(Class<?> type) {
    List<Type> out = new ArrayList<>();
    if (type.getGenericSuperclass() != null) {
      out.add(type.getGenericSuperclass());
    }
    out.addAll(List.of(type.getGenericInterfaces()));
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        out.add(m.getGenericReturnType());
        addExecutable(m, out);
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers())) {
        addExecutable(c, out);
      }
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers())) {
        out.add(f.getGenericType());
      }
    }
    return out;
  }

  private static void addExecutable(Executable e, List<Type> out) {
    out.addAll(List.of(e.getGenericParameterTypes()));
    out.addAll(List.of(e.getGenericExceptionTypes()));
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void collect(Type t, String where, Set<String> leaks, Set<Type> seen) {
    if (!seen.add(t)) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.isPrimitive()) {
        return;
      }
      String name = c.getName();
      String pkg = c.getPackageName();
      if (FORBIDDEN.stream().anyMatch(name::startsWith) || (!pkg.startsWith("java.") && !EXPORTED.contains(pkg))) {
        leaks.add(where + " -> " + name);
      }
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), where, leaks, seen);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, where, leaks, seen);
      }
    } else if (t instanceof WildcardType w) {
      Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, where, leaks, seen));
    } else if (t instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), where, leaks, seen);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, where, leaks, seen);
      }
    }
  }
}
