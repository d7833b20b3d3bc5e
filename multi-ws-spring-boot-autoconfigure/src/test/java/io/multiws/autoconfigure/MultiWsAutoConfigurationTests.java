package io.multiws.autoconfigure;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.LocalWsRelay;
import io.multiws.core.WsEndpointMappings;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsSession;
import io.multiws.servlet.ServletWsHandlerMapping;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MultiWsAutoConfiguration}.
 *
 * @author multi-ws team
 */
class MultiWsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class));

	@Test
	void registersTheRegistryAndTheUpgradeMappingOfAServletApplication() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WsHubs.class);
			assertThat(context).hasSingleBean(ServletWsHandlerMapping.class);
			assertThat(context).hasSingleBean(WsJsonCodec.class);
			assertThat(context.getBean(WsRelay.class)).isInstanceOf(LocalWsRelay.class);
			assertThat(context.getBean(ServletWsHandlerMapping.class).getOrder())
				.isEqualTo(MultiWsAutoConfiguration.HANDLER_MAPPING_ORDER);
			assertThat(context.getBean(WsEndpointMappings.class).endpoints()).singleElement()
				.satisfies((endpoint) -> assertThat(endpoint.name()).isEqualTo("echo"));
		});
	}

	@Test
	void eachStackHasAnAutoConfigurationOfItsOwn() {
		List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		assertThat(candidates).contains(MultiWsAutoConfiguration.class.getName(),
				MultiWsWebMvcAutoConfiguration.class.getName(), MultiWsWebFluxAutoConfiguration.class.getName());
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WsHubs.class);
				assertThat(context).doesNotHaveBean(ServletWsHandlerMapping.class);
			});
	}

	@Test
	void declaresTheRegistryByItsInterface() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class).run((context) -> {
			BeanDefinition definition = context.getBeanFactory().getMergedBeanDefinition("multiWsHubs");
			assertThat(definition.getResolvableType().toClass()).isEqualTo(WsHubs.class);
		});
	}

	@Test
	void registersNothingWhenDisabled() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WsHubs.class);
				assertThat(context).doesNotHaveBean(WsEndpointMappings.class);
				assertThat(context).doesNotHaveBean(ServletWsHandlerMapping.class);
				assertThat(context).doesNotHaveBean(WsRelay.class);
			});
	}

	@Test
	void registersNothingOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class,
					MultiWsWebMvcAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(WsHubs.class));
	}

	@Test
	void backsOffFromAUserRelay() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class, CustomRelayConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WsRelay.class);
				assertThat(context.getBean(WsRelay.class)).isSameAs(context.getBean("customRelay"));
			});
	}

	@Test
	void registersNoUpgradeMappingWithoutSpringWebSocket() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withClassLoader(new FilteredClassLoader(org.springframework.web.socket.WebSocketHandler.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(WsHubs.class);
				assertThat(context).doesNotHaveBean(ServletWsHandlerMapping.class);
			});
	}

	@Test
	void worksWithoutJacksonButSaysSoOnJsonUse() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WsJsonCodec.class);
				WsHubs hubs = context.getBean(WsHubs.class);
				assertThat(hubs.broadcast("/echo/1", "text needs no JSON")).isZero();
				assertThatIllegalStateException().isThrownBy(() -> hubs.broadcast("/echo/1", Map.of("price", 1)))
					.withMessageContaining("as JSON")
					.withMessageContaining("add Jackson (spring-boot-starter-jackson)");
			});
	}

	@Test
	void aJsonCodecOfTheApplicationReplacesJackson() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class, CustomJsonCodecConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(WsJsonCodec.class).isInstanceOf(RecordingJsonCodec.class);
				context.getBean(WsHubs.class).broadcast("/echo/1", Map.of("price", 1));
				assertThat(context.getBean(RecordingJsonCodec.class).written).containsExactly(Map.of("price", 1));
			});
	}

	@Test
	void compressionFallsBackToTheGlobalSetting() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.session.compression=true")
			.run((context) -> assertThat(
					context.getBean(WsEndpointMappings.class).endpoints().get(0).settings().compression())
				.isTrue());
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.session.compression=true", "multi-ws.endpoints.echo.compression=false")
			.run((context) -> assertThat(
					context.getBean(WsEndpointMappings.class).endpoints().get(0).settings().compression())
				.isFalse());
	}

	@Test
	void configuredPathsReplaceTheAnnotationPaths() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.endpoints.echo.paths=/app-b/echo/{id},/app-c/echo/{id}")
			.run((context) -> assertThat(context.getBean(WsEndpointMappings.class).endpoints().get(0).patterns())
				.extracting(Object::toString)
				.containsExactly("/app-b/echo/{id}", "/app-c/echo/{id}"));
	}

	@Test
	void perEndpointSettingsFallBackToGlobalOnes() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.session.max-text-message-size=2KB", "multi-ws.hub.max-sessions=7",
					"multi-ws.endpoints.echo.max-binary-message-size=3KB")
			.run((context) -> {
				var settings = context.getBean(WsEndpointMappings.class).endpoints().get(0).settings();
				assertThat(settings.maxTextMessageSize()).isEqualTo(2048);
				assertThat(settings.maxBinaryMessageSize()).isEqualTo(3072);
				assertThat(settings.maxSessionsPerHub()).isEqualTo(7);
			});
	}

	@Test
	void failsForAConfiguredNameWithoutEndpoint() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.endpoints.ehco.paths=/x/{id}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessageContaining("multi-ws.endpoints.ehco names no @WsEndpoint bean")
				.hasMessageContaining("Known endpoint names: 'echo'"));
	}

	@Test
	void failsForAnUnknownParameterType() {
		assertFailure(UnknownParameterConfiguration.class, "Invalid @OnOpen method Unknown.onOpen",
				"bean 'unknown'", "parameter 0 of type java.lang.Thread cannot be resolved", "Allowed parameters");
	}

	@Test
	void failsForTwoTextMessageMethods() {
		assertFailure(TwoTextMethodsConfiguration.class, "'twoText' has two text @OnMessage methods",
				"TwoText.first", "TwoText.second");
	}

	@Test
	void failsForAPathVariableThePatternLacks() {
		assertFailure(MissingVariableConfiguration.class, "@PathVariable 'room' is not a variable of path pattern",
				"'/chat/{id}'");
	}

	@Test
	void failsForDuplicatePatterns() {
		assertFailure(DuplicatePatternConfiguration.class, "Duplicate WebSocket path pattern '/echo/{other}'",
				"endpoint 'echo'", "endpoint 'copy'");
	}

	@Test
	void failsForAnEndpointWithoutPaths() {
		assertFailure(NoPathConfiguration.class, "@WsEndpoint bean 'noPath' has no paths");
	}

	@Test
	void failsForAnInvalidPattern() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("multi-ws.endpoints.echo.paths=/echo/{id")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid path pattern '/echo/{id' of WebSocket endpoint 'echo'"));
	}

	@Test
	void failsForAWrongHandshakeSignature() {
		assertFailure(BadHandshakeConfiguration.class, "Invalid @OnHandshake method BadHandshake.check",
				"return type must be void or boolean");
	}

	@Test
	void failsForAPrimitiveParameterThatMayHaveNoValue() {
		assertFailure(PrimitiveParameterConfiguration.class, "Invalid @OnOpen method Primitive.onOpen",
				"@RequestParam 'page' of primitive type int is not required and has no defaultValue",
				"declare it as Integer or Optional");
	}

	@Test
	void failsForAHandlerBeanThatAlsoDeclaresCallbacks() {
		assertFailure(MixedHandlerConfiguration.class, "is a WebSocketHandler and also declares");
	}

	private void assertFailure(Class<?> configuration, String... messages) {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class, configuration).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(InvalidWsEndpointException.class);
			for (String message : messages) {
				assertThat(root).hasMessageContaining(message);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	@WsEndpoint(name = "echo", paths = "/echo/{id}")
	static class Echo {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRelayConfiguration {

		@Bean
		WsRelay customRelay() {
			return (path, payload, excluded, local) -> local.deliver(path, payload, excluded);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomJsonCodecConfiguration {

		@Bean
		RecordingJsonCodec customJsonCodec() {
			return new RecordingJsonCodec();
		}

	}

	static class RecordingJsonCodec implements WsJsonCodec {

		final List<Object> written = new CopyOnWriteArrayList<>();

		@Override
		public String write(Object value) {
			this.written.add(value);
			return "{}";
		}

		@Override
		public Object read(String json, Type type) {
			throw new UnsupportedOperationException();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownParameterConfiguration {

		@Bean
		Unknown unknown() {
			return new Unknown();
		}

	}

	@WsEndpoint("/unknown/{id}")
	static class Unknown {

		@OnOpen
		void onOpen(Thread thread) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoTextMethodsConfiguration {

		@Bean
		TwoText twoText() {
			return new TwoText();
		}

	}

	@WsEndpoint("/two/{id}")
	static class TwoText {

		@OnMessage
		void first(String text) {
		}

		@OnMessage
		void second(List<String> json) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingVariableConfiguration {

		@Bean
		MissingVariable missingVariable() {
			return new MissingVariable();
		}

	}

	@WsEndpoint("/chat/{id}")
	static class MissingVariable {

		@OnMessage
		void onMessage(@PathVariable String room, String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicatePatternConfiguration {

		@Bean
		Copy copy() {
			return new Copy();
		}

	}

	@WsEndpoint(name = "copy", paths = "/echo/{other}")
	static class Copy {

		@OnMessage
		void onMessage(WsHub hub, String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoPathConfiguration {

		@Bean
		NoPath noPath() {
			return new NoPath();
		}

	}

	@WsEndpoint
	static class NoPath {

	}

	@Configuration(proxyBeanMethods = false)
	static class BadHandshakeConfiguration {

		@Bean
		BadHandshake badHandshake() {
			return new BadHandshake();
		}

	}

	@WsEndpoint("/bad/{id}")
	static class BadHandshake {

		@OnHandshake
		String check() {
			return "no";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimitiveParameterConfiguration {

		@Bean
		Primitive primitive() {
			return new Primitive();
		}

	}

	@WsEndpoint("/pages/{id}")
	static class Primitive {

		@OnOpen
		void onOpen(@RequestParam(required = false) int page) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MixedHandlerConfiguration {

		@Bean
		Mixed mixed() {
			return new Mixed();
		}

	}

	@WsEndpoint("/mixed/{id}")
	static class Mixed extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		}

		@OnOpen
		void onOpen(WsSession session) {
		}

	}

}
