package io.multiws;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the house, read from the compiled classes: no package cycles, the API on
 * nothing of the runtime, no public type in the runtime and the bindings beyond an
 * explicit list, and the internals of the containers (their internal packages, and the
 * reflection that reaches private state) only where they are quarantined.
 *
 * @author multi-ws team
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.multiws");

	/**
	 * The packages allowed to use a container's internals: {@code io.multiws.container}
	 * and one package below it per container.
	 */
	private static final String[] CONTAINER_QUARTERS = { "io.multiws.container.." };

	private static final String[] CONTAINER_INTERNALS = { "org.apache.tomcat..", "org.apache.coyote..",
			"org.apache.catalina..", "org.eclipse.jetty..", "io.netty..", "reactor.netty.." };

	/**
	 * Every public type of the runtime and the bindings, each there because the API, the
	 * auto-configuration or another package needs it: a type added here is a type a user
	 * can reach, so make it package-private or move it to the package that uses it first.
	 */
	private static final Set<String> PUBLIC_RUNTIME_TYPES = Set.of(
			// core: what the auto-configuration builds and the bindings drive
			"core.ContainerOptimizations",
			"core.DefaultWsHubs", "core.DefaultWsSession", "core.EndpointSettings", "core.InvalidHubPathException",
			"core.InvalidWsEndpointException", "core.JacksonWsJsonCodec", "core.LocalWsRelay", "core.OriginPolicy",
			"core.PendingRequests", "core.ReplySettings", "core.WsBinding", "core.WsCloseException",
			"core.WsEndpointDefinition", "core.WsEndpointHandler", "core.WsEndpointMappings", "core.WsEndpointMatch",
			"core.WsListener", "core.WsPathTemplates", "core.WsPayloadEncoder",
			"core.WsProtocolChecks", "core.WsReadPacing", "core.WsReply", "core.WsSessionListener",
			"core.WsTransport", "core.WsUpgradeChecks", "core.WsUpgradeDecision", "core.WsUpgradeRefusal",
			// cluster: the relay bean (RedisWsRelay), the settings the auto-configuration builds it
			// with (RelaySettings), the status the Actuator health indicator, the endpoint and the
			// meters read of it (RelayStatus) and its mode (RelayMode)
			"cluster.RedisWsRelay", "cluster.RelaySettings", "cluster.RelayStatus", "cluster.RelayMode",
			// features: what core, cluster and the Actuator endpoint use of it
			"features.HistoryBudget", "features.HubFeatureSettings", "features.HubFeatures", "features.HubHistory",
			"features.HubPresence", "features.MessageIdFrame", "features.PresenceView", "features.SharedHistory",
			// servlet: the beans of the auto-configuration
			"servlet.ServletWsHandlerMapping", "servlet.ServletBinding", "servlet.ServletClientScriptRouter",
			"servlet.ServletUpgradeHandler", "servlet.WebSocketHandlerEndpointAdapter",
			// container: what the bindings and the auto-configuration reach of each container,
			// one entry class per container and binding
			"container.Containers", "container.ServletClientConnection",
			"container.tomcat.TomcatConnectionBuffers", "container.tomcat.TomcatWebSocketSupport",
			"container.tomcat.TomcatSupport", "container.tomcat.WithoutExtensionOffers",
			"container.jetty.JettySupport", "container.netty.ReactorNettySupport", "container.netty.NettyInbound",
			// Jetty binds a listener's methods through public method handles
			"container.jetty.PacedJettyWebSocketHandlerAdapter",
			// reactive: the beans of the auto-configuration
			"reactive.ReactiveBinding", "reactive.ReactiveClientScriptRouter", "reactive.ReactiveServerCheck",
			"reactive.ReactiveUpgradeHandler", "reactive.ReactiveWsHandlerMapping", "reactive.WsCallbackExecutor");

	private static final List<String> RUNTIME_PACKAGES = List.of("core", "features", "cluster", "servlet", "reactive",
			"container");

	@Test
	void packagesAreFreeOfCycles() {
		ArchRule rule = slices().matching("io.multiws.(*)..").should().beFreeOfCycles();
		rule.check(classes);
	}

	@Test
	void theApiDependsOnNothingOfTheRuntime() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage("io.multiws.hub..", "io.multiws.annotation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.multiws.core..", "io.multiws.features..", "io.multiws.endpoint..",
					"io.multiws.servlet..", "io.multiws.reactive..", "io.multiws.cluster..", "io.multiws.container..",
					"io.multiws.autoconfigure..");
		rule.check(classes);
	}

	@Test
	void containerInternalsAreReachedOnlyFromTheirQuarters() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages(CONTAINER_QUARTERS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(CONTAINER_INTERNALS);
		rule.check(classes);
	}

	@Test
	void privateStateOfOtherLibrariesIsReachedOnlyFromTheContainerQuarters() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages(CONTAINER_QUARTERS)
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(Field.class, Proxy.class)
			.orShould()
			.callMethod(MethodHandles.class, "privateLookupIn", Class.class, MethodHandles.Lookup.class);
		rule.check(classes);
	}

	@Test
	void theRuntimeAndTheBindingsArePublicOnlyWhereTheListSays() {
		Set<String> published = new TreeSet<>();
		for (JavaClass type : classes) {
			String name = type.getName().substring("io.multiws.".length());
			boolean runtime = RUNTIME_PACKAGES.stream().anyMatch((candidate) -> name.startsWith(candidate + "."));
			if (runtime && type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
					&& !type.getSimpleName().equals("package-info")) {
				published.add(name);
			}
		}
		assertThat(published).as("the public types of %s", RUNTIME_PACKAGES)
			.containsExactlyInAnyOrderElementsOf(PUBLIC_RUNTIME_TYPES);
	}

}
