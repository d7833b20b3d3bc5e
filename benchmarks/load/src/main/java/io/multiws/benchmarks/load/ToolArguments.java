package io.multiws.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The command line of a stand-alone measurement: {@code --name=value} arguments, each of
 * a name the tool knows, read as numbers, words or the servers under test
 * ({@code --servers=name=path/to.jar,...}).
 *
 * @author multi-ws team
 */
final class ToolArguments {

	private final Map<String, String> values;

	private ToolArguments(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * Parse a command line; of an argument given twice, the last counts.
	 * @param args the command line
	 * @param names the names the tool knows, without {@code --}
	 * @return the arguments
	 * @throws IllegalArgumentException on an argument of any other name
	 */
	static ToolArguments parse(String[] args, String... names) {
		Set<String> known = Set.of(names);
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = (arg.startsWith("--") && equals > 2) ? arg.substring(2, equals) : "";
			if (!known.contains(name)) {
				throw new IllegalArgumentException("Unknown argument " + arg);
			}
			values.put(name, arg.substring(equals + 1));
		}
		return new ToolArguments(values);
	}

	/**
	 * Return the text of an argument.
	 * @param name its name
	 * @return its value, or {@code null} if not given
	 */
	@Nullable String text(String name) {
		return this.values.get(name);
	}

	/**
	 * Return the text of an argument.
	 * @param name its name
	 * @param fallback the text if not given
	 * @return its value
	 */
	String text(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	/**
	 * Return a number.
	 * @param name its name
	 * @param fallback the value if not given
	 * @return the number
	 */
	int number(String name, int fallback) {
		String value = this.values.get(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	/**
	 * Return a list of words separated by white space, such as JVM flags.
	 * @param name its name
	 * @param fallback the words if not given
	 * @return the words
	 */
	List<String> words(String name, List<String> fallback) {
		String value = this.values.get(name);
		return (value != null) ? List.of(value.trim().split("\\s+")) : fallback;
	}

	/**
	 * Return the servers of {@code --servers=name=path/to.jar,...}.
	 * @param defaults the servers if not given, asked only then
	 * @return the servers, in order
	 */
	List<ServerProcess.Server> servers(Supplier<List<ServerProcess.Server>> defaults) {
		String value = this.values.get("servers");
		return (value != null) ? servers(value) : defaults.get();
	}

	/**
	 * Parse a list of servers.
	 * @param list {@code name=path/to.jar,...}
	 * @return the servers, in order, their jars as given
	 * @throws IllegalArgumentException on an entry without a name or a jar
	 */
	static List<ServerProcess.Server> servers(String list) {
		List<ServerProcess.Server> servers = new ArrayList<>();
		for (String entry : list.split(",")) {
			String[] parts = entry.split("=", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("Bad server '" + entry + "': expected name=path/to.jar");
			}
			servers.add(new ServerProcess.Server(parts[0], Path.of(parts[1])));
		}
		return servers;
	}

}
