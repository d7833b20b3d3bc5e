package io.multiws.reactive;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start multi-ws on a WebFlux server it does not support: it runs on Reactor
 * Netty (its pipeline is tuned there) and on Tomcat (through one long-lived
 * {@code send} per session, as Spring's WebFlux sessions there take a single
 * {@code send}), not on Jetty, whose limits and close it cannot reach through WebFlux.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ReactiveServerCheck {

	private static final String SERVER_FACTORY =
			"org.springframework.boot.web.server.reactive.ReactiveWebServerFactory";

	private static final List<String> SUPPORTED_SERVER_FACTORIES = List.of(
			"org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
			"org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory");

	private ReactiveServerCheck() {
	}

	/**
	 * Fail if the application's reactive web server factory builds a server other than
	 * Reactor Netty or Tomcat. An application without a server factory (a test context, a server
	 * started by hand) passes.
	 * @param beanFactory the bean factory
	 * @throws IllegalStateException naming the server and what to use instead
	 */
	public static void requireSupportedServer(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = ReactiveServerCheck.class.getClassLoader();
		if (!ClassUtils.isPresent(SERVER_FACTORY, classLoader)) {
			return;
		}
		Class<?> factoryType = ClassUtils.resolveClassName(SERVER_FACTORY, classLoader);
		for (String name : beanFactory.getBeanNamesForType(factoryType, true, false)) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null && !isSupported(type, classLoader)) {
				throw new IllegalStateException("multi-ws on Spring WebFlux runs on Reactor Netty or Tomcat, but the "
						+ "server comes from bean '" + name + "' (" + type.getName() + "). Use "
						+ "spring-boot-starter-reactor-netty (as multi-ws-spring-boot-starter-reactive does) or "
						+ "spring-boot-starter-tomcat, or multi-ws-spring-boot-starter for Spring MVC on Tomcat or "
						+ "Jetty.");
			}
		}
	}

	private static boolean isSupported(Class<?> type, @Nullable ClassLoader classLoader) {
		return SUPPORTED_SERVER_FACTORIES.stream()
			.anyMatch((supported) -> ClassUtils.isPresent(supported, classLoader)
					&& ClassUtils.resolveClassName(supported, classLoader).isAssignableFrom(type));
	}

}
