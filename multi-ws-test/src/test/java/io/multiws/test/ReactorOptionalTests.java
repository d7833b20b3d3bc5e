package io.multiws.test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor is optional: without Reactor or Reactive Streams on the classpath, as on a plain
 * Servlet application, endpoints start and {@code CompletionStage} results are sent. The
 * endpoint runs in a class loader built from the test class path without those jars.
 *
 * @author multi-ws team
 */
class ReactorOptionalTests {

	@Test
	void completionStageResultsWorkWithoutReactorOnTheClassPath() throws Exception {
		List<URL> urls = Arrays.stream(classPath().split(File.pathSeparator))
			.filter((entry) -> !entry.contains("reactor-core") && !entry.contains("reactive-streams"))
			.map(ReactorOptionalTests::url)
			.toList();
		assertThat(urls).as("the test class path").hasSizeGreaterThan(5);
		try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
				ClassLoader.getPlatformClassLoader())) {
			Object reply = Class.forName(Probe.class.getName(), true, loader).getMethod("run").invoke(null);
			assertThat(reply).isEqualTo("no reactor: later");
		}
	}

	private static String classPath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null) ? surefire : System.getProperty("java.class.path");
	}

	private static URL url(String entry) {
		try {
			return new File(entry).toURI().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs in the class loader without Reactor.
	 */
	public static final class Probe {

		private Probe() {
		}

		public static String run() {
			boolean reactor = ClassUtils.isPresent("org.reactivestreams.Publisher", Probe.class.getClassLoader());
			try (WsEndpointTester tester = WsEndpointTester.of(new LaterEndpoint())) {
				return (reactor ? "reactor: " : "no reactor: ") + tester.join("/later").sendText("later").awaitText();
			}
		}

	}

	@WsEndpoint("/later")
	static class LaterEndpoint {

		@OnMessage
		CompletionStage<String> onMessage(String text) {
			return CompletableFuture.supplyAsync(() -> text);
		}

	}

}
