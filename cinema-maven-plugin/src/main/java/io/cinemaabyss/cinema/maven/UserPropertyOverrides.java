package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import java.io.File;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.Parameter;

/**
 * Makes {@code -Dproperty=value} win over the pom's {@code <configuration>}, as Jib's {@code -Dimage}
 * wins over {@code <to><image>}: Maven itself takes a user property only for a parameter the pom
 * leaves unset, so CI's {@code mvn deploy -Dcinema.image=REF} would otherwise push the pom's image.
 * Every parameter whose descriptor expression is {@code ${property}} is set from that user property
 * when it is given. An empty value, or an empty element of a list, is an error naming the property.
 */
final class UserPropertyOverrides {

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

  private UserPropertyOverrides() {}

  /** Applies the user properties of this invocation to {@code mojo}'s parameters. */
  static void apply(Object mojo, MojoExecution execution, Properties userProperties, File basedir) {
    if (execution == null || execution.getMojoDescriptor() == null || execution.getMojoDescriptor().getParameters() == null) {
      return;
    }
    for (Parameter parameter : execution.getMojoDescriptor().getParameters()) {
      String expression = parameter.getExpression();
      if (expression == null) {
        continue;
      }
      Matcher m = EXPRESSION.matcher(expression.trim());
      if (!m.matches()) {
        continue;
      }
      String property = m.group(1);
      String value = userProperties.getProperty(property);
      if (value == null) {
        continue;
      }
      Field field = field(mojo.getClass(), parameter.getName());
      if (field == null) {
        continue;
      }
      set(mojo, field, property, value, basedir);
    }
  }

  private static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // declared further up
      }
    }
    return null;
  }

  private static void set(Object mojo, Field field, String property, String value, File basedir) {
    String text = value.trim();
    if (text.isEmpty()) {
      throw new CinemaException("-D" + property + " is empty: give it a value, or leave it out to use the pom's configuration.");
    }
    Object converted;
    Class<?> type = field.getType();
    if (type == String.class) {
      converted = text;
    } else if (type == boolean.class || type == Boolean.class) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw new CinemaException("-D" + property + "=" + value + " is not a boolean: use true or false.");
      }
      converted = Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
    } else if (type == int.class || type == Integer.class) {
      try {
        converted = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new CinemaException("-D" + property + "=" + value + " is not a whole number.");
      }
    } else if (type == File.class) {
      File file = new File(text);
      converted = file.isAbsolute() || basedir == null ? file : new File(basedir, text);
    } else if (List.class.isAssignableFrom(type)) {
      List<String> items = Arrays.stream(text.split(",", -1)).map(String::trim).toList();
      if (items.stream().anyMatch(String::isEmpty)) {
        throw new CinemaException("-D" + property + "=" + value + " has an empty element: give a comma-separated list such as "
            + "a,b, without empty entries.");
      }
      converted = new java.util.ArrayList<>(items);
    } else {
      return; // a type no property can set
    }
    try {
      field.setAccessible(true);
      field.set(mojo, converted);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot set " + field, e);
    }
  }
}
