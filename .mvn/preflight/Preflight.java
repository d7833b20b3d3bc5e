import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build's preflight: the programs that some test suites start, checked once before any
 * module builds, so that a machine without them fails at once with one message that names
 * every missing Debian package and the command that installs it, not minutes later deep in
 * one module's tests. Nothing is skipped when a program is missing: the build fails.
 * <p>
 * The root pom runs it (single-file source, {@code java Preflight.java}, through the exec
 * plugin, which can pass the reactor's projects) in its {@code process-test-classes} phase,
 * which a build reaches only when it goes on to run tests ({@code spring-boot:run} stops
 * at {@code test-compile}), so that a build asks only for what its own modules need; it
 * writes the message to the {@code --report} file, and the antrun plugin right after fails
 * the build with it, so that the message is the build's error. {@code .ci/run} runs it
 * with {@code --missing-packages} to learn what to install.
 * <p>
 * Arguments: {@code --projects=<Maven's session.projects>} (absent or unreadable: every
 * module), {@code --skip-tests=<skipTests>}, {@code --test-skip=<maven.test.skip>},
 * {@code --redis.server=}, {@code --chromium.binary=}, {@code --chromium.driver=} (an absolute
 * path, or a name looked up on the {@code PATH}), {@code --report=<file>} (write the
 * message there, exit 0) and {@code --missing-packages} (list them, exit 0); without either,
 * the message goes to the standard output and the exit code is 1.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class Preflight {

	private static final Pattern PROJECT = Pattern.compile("MavenProject: [^:\\s]+:([^:\\s]+):");

	private static final String REDIS_TESTS = "multi-ws-integration-tests-redis";

	private static final String SAMPLE_APP = "sample-app";

	private static final List<Requirement> REQUIREMENTS = List.of(
			new Requirement("redis-server", "redis.server", "redis-server", REDIS_TESTS,
					"the Redis cluster suites (integration-tests/redis) start it"),
			new Requirement("chromium", "chromium.binary", "/usr/bin/chromium", SAMPLE_APP,
					"the sample's browser test (sample-app) drives it"),
			new Requirement("chromium-driver", "chromium.driver", "/usr/bin/chromedriver", SAMPLE_APP,
					"the sample's browser test (sample-app) drives Chromium through it"));

	private Preflight() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		String report = options.get("report");
		if (report != null) {
			Files.deleteIfExists(Path.of(report));
		}
		if (isTrue(options.get("skip-tests")) || isTrue(options.get("test-skip"))) {
			return;
		}
		Set<String> modules = modules(options.get("projects"));
		List<Missing> missing = new ArrayList<>();
		for (Requirement requirement : REQUIREMENTS) {
			if (modules == null || modules.contains(requirement.module())) {
				String program = options.getOrDefault(requirement.property(), requirement.defaultProgram());
				if (program.isBlank() || program.startsWith("${")) {
					program = requirement.defaultProgram();
				}
				if (!isExecutable(program)) {
					missing.add(new Missing(requirement, program));
				}
			}
		}
		if (options.containsKey("missing-packages")) {
			missing.forEach((entry) -> System.out.println(entry.requirement().debianPackage()));
			return;
		}
		if (!missing.isEmpty()) {
			if (report != null) {
				Files.createDirectories(Path.of(report).toAbsolutePath().getParent());
				Files.writeString(Path.of(report), message(missing));
			}
			else {
				System.out.println(message(missing));
				System.exit(1);
			}
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (arg.startsWith("--")) {
				int equals = arg.indexOf('=');
				if (equals < 0) {
					options.put(arg.substring(2), "true");
				}
				else {
					options.put(arg.substring(2, equals), arg.substring(equals + 1));
				}
			}
		}
		return options;
	}

	private static boolean isTrue(String value) {
		return "true".equalsIgnoreCase(value);
	}

	/**
	 * Return the artifact ids of the reactor's projects, or {@code null} (every module) when
	 * they are not given or cannot be read.
	 */
	private static Set<String> modules(String projects) {
		if (projects == null) {
			return null;
		}
		Set<String> modules = new LinkedHashSet<>();
		Matcher matcher = PROJECT.matcher(projects);
		while (matcher.find()) {
			modules.add(matcher.group(1));
		}
		return modules.isEmpty() ? null : modules;
	}

	private static boolean isExecutable(String program) {
		if (program.contains("/") || program.contains(File.separator)) {
			return Files.isExecutable(Path.of(program)) && !Files.isDirectory(Path.of(program));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, program);
				if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String message(List<Missing> missing) {
		Set<String> packages = new LinkedHashSet<>();
		StringBuilder message = new StringBuilder();
		message.append("The tests of this build need programs that this machine lacks:\n");
		for (Missing entry : missing) {
			Requirement requirement = entry.requirement();
			packages.add(requirement.debianPackage());
			message.append("  - ").append(requirement.debianPackage()).append(": ");
			if (!entry.program().equals(requirement.defaultProgram())) {
				message.append("-D").append(requirement.property()).append('=');
			}
			message.append(entry.program())
				.append(entry.program().contains("/") ? " is not an executable file" : " is not on the PATH");
			message.append(" (").append(requirement.purpose()).append(")\n");
		}
		String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";
		message.append("Install the Debian packages and run the tests again:\n\n")
			.append("    ").append(sudo).append("apt-get update && ").append(sudo).append("apt-get install -y ")
			.append(String.join(" ", packages)).append("\n\n")
			.append("or run ./.ci/run, which installs what is missing (apt-get, through sudo when not root) and then\n")
			.append("runs ./mvnw verify. A property that points elsewhere (-Dchromium.binary, -Dchromium.driver,\n")
			.append("-Dredis.server) must name an executable file. The sample alone needs only the JDK:\n")
			.append("./mvnw -pl sample-app -am spring-boot:run\n");
		return message.toString();
	}

	private record Requirement(String debianPackage, String property, String defaultProgram, String module,
			String purpose) {
	}

	private record Missing(Requirement requirement, String program) {
	}

}
