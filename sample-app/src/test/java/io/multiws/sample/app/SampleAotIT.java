package io.multiws.sample.app;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnError;
import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.sample.poll.PollEndpoint.Problem;
import io.multiws.sample.poll.PollEndpoint.Tally;
import io.multiws.sample.poll.PollEndpoint.Vote;
import io.multiws.sample.ticker.Quote;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's contracts against its packaged jar run ahead-of-time processed
 * ({@code -Dspring.aot.enabled=true}), as in a native image: the endpoints are found and
 * called, and JSON payloads bound, from the bean definitions computed at build time.
 *
 * @author multi-ws team
 */
class SampleAotIT {

	private static final List<Class<? extends Annotation>> CALLBACKS = List.of(OnOpen.class, OnMessage.class,
			OnClose.class, OnError.class, OnHandshake.class);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static Process app;

	private static Path log;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("the sample.jar system property, set by the build").isNotNull();
		assertThat(new File(jar)).as("the packaged sample").isFile();
		port = freePort();
		log = Files.createTempFile("sample-aot", ".log");
		app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await("the AOT-processed sample to start on port " + port).atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.failFast("the sample exited", () -> !app.isAlive())
			.until(SampleAotIT::answers);
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	@Test
	void runsAheadOfTimeProcessed() throws IOException {
		assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
	}

	/**
	 * The JVM run with {@code -Dspring.aot.enabled=true} never reads reflection hints, so
	 * the generated ones are checked against the endpoints themselves: every callback
	 * method of every {@code @WsEndpoint} of the sample, found here by scanning, is
	 * registered for invocation with its exact parameter types, and every type of the
	 * sample's own that a callback takes or returns (unwrapped from
	 * {@code CompletionStage}, {@code Mono} or {@code Flux}) is registered for JSON
	 * binding.
	 */
	@Test
	void buildsNativeImageHintsForEveryCallbackAndJsonType() throws Exception {
		DocumentContext hints = JsonPath.parse(Path.of("target", "classes", "META-INF", "native-image", "io.multiws",
				"sample-app", "reachability-metadata.json").toFile());
		List<Method> callbacks = sampleCallbacks();
		assertThat(callbacks).extracting((method) -> method.getDeclaringClass().getSimpleName() + "." + method.getName())
			.contains("EchoEndpoint.echo", "RoomEndpoint.onMessage", "TickerEndpoint.onOpen", "PollEndpoint.onVote",
					"PollEndpoint.onError", "ChatEndpoint.handshake");
		Set<Class<?>> jsonTypes = new LinkedHashSet<>();
		for (Method callback : callbacks) {
			List<String> parameterTypes = Arrays.stream(callback.getParameterTypes()).map(Class::getName).toList();
			assertThat(registeredMethods(hints, callback.getDeclaringClass()))
				.as("invocation hint of %s", callback)
				.contains(Map.of("name", callback.getName(), "parameterTypes", parameterTypes));
			for (int i = 0; i < callback.getParameterCount(); i++) {
				addSampleType(jsonTypes, ResolvableType.forMethodParameter(callback, i));
			}
			addSampleType(jsonTypes, ResolvableType.forMethodReturnType(callback));
		}
		assertThat(jsonTypes).contains(Vote.class, Tally.class, Problem.class, Quote.class);
		for (Class<?> jsonType : jsonTypes) {
			List<Map<String, Object>> entries = entries(hints, jsonType);
			assertThat(entries).as("binding hint of %s", jsonType.getName())
				.anySatisfy((entry) -> assertThat(entry).containsEntry("allDeclaredFields", true)
					.containsEntry("allDeclaredConstructors", true));
		}
	}

	private static List<Method> sampleCallbacks() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(WsEndpoint.class));
		List<Method> callbacks = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.multiws.sample")) {
			Class<?> endpoint = Class.forName(candidate.getBeanClassName());
			for (Method method : endpoint.getDeclaredMethods()) {
				if (CALLBACKS.stream().anyMatch(method::isAnnotationPresent)) {
					callbacks.add(method);
				}
			}
		}
		return callbacks;
	}

	private static void addSampleType(Set<Class<?>> types, ResolvableType type) {
		Class<?> raw = type.toClass();
		if (CompletionStage.class.isAssignableFrom(raw)
				|| ReactiveAdapterRegistry.getSharedInstance().getAdapter(raw) != null) {
			addSampleType(types, type.getGeneric());
		}
		else if (raw.getName().startsWith("io.multiws.sample.")) {
			types.add(raw);
		}
	}

	private static List<Map<String, Object>> registeredMethods(DocumentContext hints, Class<?> type) {
		List<Map<String, Object>> methods = new ArrayList<>();
		for (Map<String, Object> entry : entries(hints, type)) {
			Object registered = entry.get("methods");
			if (registered instanceof List<?> list) {
				list.forEach((method) -> methods.add(asMap(method)));
			}
		}
		return methods;
	}

	private static List<Map<String, Object>> entries(DocumentContext hints, Class<?> type) {
		List<Object> entries = hints.read("$.reflection[?(@.type == '" + type.getName() + "')]");
		return entries.stream().map(SampleAotIT::asMap).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	@Test
	void echoSendsEveryTextBackToItsSender() {
		try (WsTestConnection echo = client().connect("/echo/1")) {
			echo.sendText("hello");
			assertThat(echo).receivedText().isEqualTo("hello");
		}
	}

	@Test
	void roomsBroadcastToEverySessionOfThatExactPathOnly() {
		try (WsTestConnection alice = client().connect("/rooms/42");
				WsTestConnection bob = client().connect("/rooms/42");
				WsTestConnection other = client().connect("/rooms/43")) {
			alice.sendText("hi room");
			assertThat(alice).receivedText().isEqualTo("hi room");
			assertThat(bob).receivedText().isEqualTo("hi room");
			assertThat(other).receivesNothingWithin(Duration.ofMillis(200));
		}
	}

	@Test
	void pollsBindJsonVotesAndAnswerWithJsonTallies() {
		try (WsTestConnection voter = client().connect("/polls/lunch")) {
			assertThat(voter).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of()));
			voter.sendJson(new Vote("pizza"));
			assertThat(voter).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of("pizza", 1)));
			voter.sendText("not a vote");
			assertThat(voter).receivedJson(Problem.class)
				.isEqualTo(new Problem("Send a vote such as {\"option\":\"yes\"}"));
		}
	}

	private static WsTestClient client() {
		return WsTestClient.forPort(port);
	}

	private static boolean answers() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hubs")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
