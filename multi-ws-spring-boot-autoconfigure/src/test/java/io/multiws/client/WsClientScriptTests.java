package io.multiws.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsClientScript} and for the browser client it serves: small, without
 * dependencies, and declared in full by its TypeScript declarations. Its behaviour is
 * tested in Chromium by {@code ClientScriptBrowserTests} (integration-tests/tomcat).
 *
 * @author multi-ws team
 */
class WsClientScriptTests {

	private static final int MAX_MINIFIED_BYTES = 6 * 1024;

	private final WsClientScript script = WsClientScript.script();

	private final WsClientScript types = WsClientScript.types();

	@Test
	void theClientIsUnder6KbMinified() {
		String minified = Minifier.minify(text(this.script));
		assertThat(minified).as("the minifier keeps the code").contains("class MultiWs", "getBigUint64");
		assertThat(minified.getBytes(StandardCharsets.UTF_8).length)
			.as("multi-ws.js without comments and extra whitespace, in bytes")
			.isLessThan(MAX_MINIFIED_BYTES);
	}

	@Test
	void theClientHasNoDependencies() {
		String code = Minifier.minify(text(this.script));
		assertThat(code).doesNotContainPattern("(^|[;\\n}])\\s*import[\\s{*'\"]")
			.doesNotContain("import(")
			.doesNotContain("require(");
	}

	@Test
	void everyExportAndEveryMethodOfTheClientIsDeclared() {
		String code = text(this.script);
		String declarations = text(this.types);
		List<String> exports = matches("export (?:class|const|function) (\\w+)", code);
		assertThat(exports).containsExactlyInAnyOrder("MultiWs", "connect");
		for (String name : exports) {
			assertThat(declarations).containsPattern("export declare (?:class|function) " + name + "\\b");
		}
		for (String method : List.of("on", "send", "request", "close")) {
			assertThat(code).containsPattern("\\n\\t" + method + "\\(");
			assertThat(declarations).containsPattern("\\n\\t" + method + "(<[^>]*>)?\\(");
		}
		for (String property : List.of("url", "lastId", "members", "connected")) {
			assertThat(code).contains("this." + property);
			assertThat(declarations).contains("readonly " + property + ":");
		}
		List<String> options = matches("options\\.(\\w+)", code);
		for (String destructured : matches("const \\{ ([\\w, ]+) } = this\\.options", code)) {
			options.addAll(List.of(destructured.split(", ")));
		}
		assertThat(options).contains("ids", "presence", "replies", "json", "minDelay", "onRequest");
		for (String option : options) {
			assertThat(declarations).as("option %s", option).contains("\t" + option + "?:");
		}
	}

	@Test
	void theETagIsStrongAndOfTheContent() {
		assertThat(this.script.etag()).matches("\"[0-9a-f]{32}\"");
		assertThat(WsClientScript.script().etag()).isEqualTo(this.script.etag());
		assertThat(this.types.etag()).isNotEqualTo(this.script.etag());
	}

	@Test
	void theFilesAreResourcesOfANativeImage() {
		RuntimeHints hints = new RuntimeHints();
		new WsClientScript.Hints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("io/multiws/client/multi-ws.js")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("io/multiws/client/multi-ws.d.ts")).accepts(hints);
	}

	private static List<String> matches(String regex, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile(regex).matcher(text);
		while (matcher.find()) {
			if (!found.contains(matcher.group(1))) {
				found.add(matcher.group(1));
			}
		}
		return found;
	}

	private static String text(WsClientScript file) {
		return new String(file.content(), StandardCharsets.UTF_8);
	}

	@Test
	void theMinifierDropsCommentsAndWhitespaceOutsideStringsOnly() throws IOException {
		assertThat(Minifier.minify("/* a */ const x = 'a // b';  // c\n\tlet  y = \"/* d */\";\n"))
			.isEqualTo("const x = 'a // b';\nlet y = \"/* d */\";");
		assertThat(Minifier.minify("const t = `x  //  y`;")).isEqualTo("const t = `x  //  y`;");
		try (InputStream input = WsClientScriptTests.class.getClassLoader()
			.getResourceAsStream("io/multiws/client/multi-ws.js")) {
			assertThat(input).isNotNull();
		}
	}

	/**
	 * A conservative minifier: it drops comments, indentation, blank lines and runs of
	 * spaces outside string literals, and keeps every line break and identifier, so that
	 * what a real minifier makes of the client is smaller still. The client writes no
	 * regular expression literal containing quotes or comment markers, which this
	 * minifier would misread.
	 */
	static final class Minifier {

		private Minifier() {
		}

		static String minify(String source) {
			StringBuilder out = new StringBuilder(source.length());
			int i = 0;
			int length = source.length();
			while (i < length) {
				char c = source.charAt(i);
				if (c == '/' && i + 1 < length && source.charAt(i + 1) == '*') {
					int end = source.indexOf("*/", i + 2);
					i = (end < 0) ? length : end + 2;
				}
				else if (c == '/' && i + 1 < length && source.charAt(i + 1) == '/') {
					int end = source.indexOf('\n', i);
					i = (end < 0) ? length : end;
				}
				else if (c == '\'' || c == '"' || c == '`') {
					int end = i + 1;
					while (end < length && source.charAt(end) != c) {
						end += (source.charAt(end) == '\\') ? 2 : 1;
					}
					out.append(source, i, Math.min(end + 1, length));
					i = end + 1;
				}
				else if (Character.isWhitespace(c)) {
					int end = i;
					boolean newline = false;
					while (end < length && Character.isWhitespace(source.charAt(end))) {
						newline |= source.charAt(end) == '\n';
						end++;
					}
					if (newline) {
						trimTrailingSpace(out);
					}
					if (out.length() > 0 && end < length && out.charAt(out.length() - 1) != '\n') {
						out.append(newline ? '\n' : ' ');
					}
					i = end;
				}
				else {
					out.append(c);
					i++;
				}
			}
			return out.toString().strip();
		}

		private static void trimTrailingSpace(StringBuilder out) {
			while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
				out.setLength(out.length() - 1);
			}
		}

	}

}
