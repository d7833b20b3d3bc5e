package io.multiws.autoconfigure;

import io.multiws.admission.WsAdmission;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Hands the connection limit of the application's web server to {@link WsAdmission} once
 * the server started: Tomcat's {@code server.tomcat.max-connections} (8192 unless set),
 * Jetty's {@code server.jetty.max-connections} (none unless set); Reactor Netty has
 * none. The limit is read from the server properties, so a limit set by a connector
 * customizer of the application's own is not seen: set {@code multi-ws.limits.max-sessions}
 * then. A management server on a port of its own is ignored.
 *
 * @author multi-ws team
 */
final class ServerConnectionLimit implements ApplicationListener<WebServerInitializedEvent> {

	/**
	 * Tomcat's own default, which Spring Boot keeps.
	 */
	static final int TOMCAT_DEFAULT = 8192;

	private final WsAdmission admission;

	private final Environment environment;

	ServerConnectionLimit(WsAdmission admission, Environment environment) {
		this.admission = admission;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		WebServer server = event.getWebServer();
		String type = server.getClass().getName();
		if (type.contains(".tomcat.")) {
			this.admission.serverStarted("Tomcat", limit("server.tomcat.max-connections", TOMCAT_DEFAULT));
		}
		else if (type.contains(".jetty.")) {
			this.admission.serverStarted("Jetty", limit("server.jetty.max-connections", -1));
		}
		else {
			this.admission.serverStarted(type.contains(".netty.") ? "Reactor Netty" : server.getClass().getSimpleName(),
					-1);
		}
	}

	private int limit(String property, int defaultValue) {
		return Binder.get(this.environment).bind(property, Integer.class).orElse(defaultValue);
	}

}
