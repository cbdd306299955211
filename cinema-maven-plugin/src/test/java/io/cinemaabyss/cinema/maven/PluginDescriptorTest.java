package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mvn help:describe -Ddetail} is the manual, printed from the generated plugin descriptor:
 * every goal and parameter has its text, none garbled (help:describe reads descriptions as HTML,
 * so markup left in one vanishes, as {@code qemu-<arch>-static} became "qemu--static"), every map
 * parameter shows its XML, and every goal has its own skip property besides cinema.skip.
 */
class PluginDescriptorTest {

  /** Markup help:describe would swallow; XML examples are written as {@code &amp;lt;labels&amp;gt;}. */
  private static final Pattern MARKUP = Pattern.compile("</?[A-Za-z]");
  /** What is left when markup between two dashes was swallowed. */
  private static final Pattern SWALLOWED = Pattern.compile("[A-Za-z0-9]--[A-Za-z]");

  static Document descriptor;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
      descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }

  @Test
  void everyGoalAndParameterHasADescriptionThatHelpDescribeShowsWhole() {
    List<String> problems = new ArrayList<>();
    for (Element mojo : mojos()) {
      String goal = text(mojo, "goal");
      check(goal, text(mojo, "description"), problems);
      for (Element parameter : parameters(mojo)) {
        if (text(parameter, "editable").equals("true")) {
          check(goal + " " + text(parameter, "name"), text(parameter, "description"), problems);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Log lines and skip properties name a goal as its class says it (CheckDeploymentMojo: check-deployment); that must be the goal. */
  @Test
  void everyGoalsClassNamesItsGoal() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Element mojo : mojos()) {
      Class<?> type = Class.forName(text(mojo, "implementation"));
      if (!AbstractCinemaMojo.class.isAssignableFrom(type)) {
        continue; // the generated help goal
      }
      AbstractCinemaMojo instance = (AbstractCinemaMojo) type.getDeclaredConstructor().newInstance();
      if (!instance.goalName().equals(text(mojo, "goal"))) {
        problems.add(text(mojo, "implementation") + " names itself " + instance.goalName() + ", its goal is " + text(mojo, "goal"));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(mojos()).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void everyMapParameterSaysHowToSetItInXml() {
    List<String> problems = new ArrayList<>();
    for (Element mojo : mojos()) {
      for (Element parameter : parameters(mojo)) {
        if (text(parameter, "type").equals("java.util.Map") && !text(parameter, "description").contains("&lt;" + text(parameter, "name") + "&gt;")) {
          problems.add(text(mojo, "goal") + " " + text(parameter, "name"));
        }
      }
    }
    assertThat(problems).as("map parameters without an XML example").isEmpty();
  }

  @Test
  void everyGoalHasItsOwnSkipPropertyAndCinemaSkip() {
    List<String> goals = new ArrayList<>();
    for (Element mojo : mojos()) {
      String goal = text(mojo, "goal");
      goals.add(goal);
      List<String> expressions = new ArrayList<>();
      NodeList configuration = mojo.getElementsByTagName("configuration");
      for (int i = 0; i < configuration.getLength(); i++) {
        for (org.w3c.dom.Node n = configuration.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e) {
            expressions.add(e.getTextContent().trim());
          }
        }
      }
      assertThat(expressions).as(goal).contains("${cinema.skip}", "${cinema." + goal + ".skip}");
    }
    assertThat(goals).contains("build", "push", "verify", "inspect", "index", "check-deployment", "lint-dockerfile", "binfmt");
  }

  @Test
  void theCheckFindsSwallowedMarkup() {
    List<String> problems = new ArrayList<>();
    check("example", "QEMU (qemu--static on the PATH)", problems);
    check("example", "an <auth> element", problems);
    check("example", "", problems);
    assertThat(problems).hasSize(3);
  }

  private static void check(String what, String description, List<String> problems) {
    if (description.isBlank()) {
      problems.add(what + ": no description");
    } else if (MARKUP.matcher(description).find() || SWALLOWED.matcher(description).find() || description.contains("{@")) {
      problems.add(what + ": " + description);
    }
  }

  private static List<Element> mojos() {
    List<Element> out = new ArrayList<>();
    NodeList list = descriptor.getElementsByTagName("mojo");
    for (int i = 0; i < list.getLength(); i++) {
      Element mojo = (Element) list.item(i);
      if (!text(mojo, "goal").equals("help")) {
        out.add(mojo);
      }
    }
    return out;
  }

  private static List<Element> parameters(Element mojo) {
    List<Element> out = new ArrayList<>();
    NodeList list = mojo.getElementsByTagName("parameter");
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  private static String text(Element parent, String child) {
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(child)) {
        return e.getTextContent();
      }
    }
    return "";
  }
}
