package io.multiws.container;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The one place where multi-ws tells which WebSocket containers are on the class path,
 * and which version of each.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class Containers {

	private static final ClassLoader CLASS_LOADER = Containers.class.getClassLoader();

	/**
	 * Whether Tomcat's WebSocket implementation is on the class path.
	 */
	public static final boolean TOMCAT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession", CLASS_LOADER);

	/**
	 * Whether Jetty's WebSocket API is on the class path.
	 */
	public static final boolean JETTY = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session", CLASS_LOADER);

	/**
	 * Whether Reactor Netty's HTTP server is on the class path.
	 */
	public static final boolean REACTOR_NETTY = ClassUtils
		.isPresent("reactor.netty.http.server.HttpServerResponse", CLASS_LOADER);

	private static final String REACTOR_NETTY_HTTP = "io.projectreactor.netty.reactor-netty-http";

	private Containers() {
	}

	/**
	 * Return the version of a server's WebSocket implementation, as its jar says.
	 * @param server the server, such as {@code Tomcat}, {@code Jetty} or
	 * {@code Reactor Netty}
	 * @return the version, or {@code null} if unknown
	 */
	public static @Nullable String version(String server) {
		return switch (server) {
			case "Tomcat" -> TOMCAT ? implementationVersion("org.apache.tomcat.websocket.WsSession") : null;
			case "Jetty" -> JETTY ? implementationVersion("org.eclipse.jetty.websocket.core.CoreSession") : null;
			case "Reactor Netty" -> REACTOR_NETTY ? bundleVersion(REACTOR_NETTY_HTTP) : null;
			default -> null;
		};
	}

	private static @Nullable String implementationVersion(String className) {
		try {
			Package pkg = ClassUtils.forName(className, CLASS_LOADER).getPackage();
			return (pkg != null) ? pkg.getImplementationVersion() : null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static @Nullable String bundleVersion(String symbolicName) {
		try {
			Enumeration<URL> manifests = CLASS_LOADER.getResources("META-INF/MANIFEST.MF");
			while (manifests.hasMoreElements()) {
				try (InputStream in = manifests.nextElement().openStream()) {
					Attributes attributes = new Manifest(in).getMainAttributes();
					if (symbolicName.equals(attributes.getValue("Bundle-SymbolicName"))) {
						String version = attributes.getValue("Bundle-Version");
						return (version != null) ? version.replace(".RELEASE", "") : null;
					}
				}
			}
		}
		catch (IOException ex) {
			// Unknown, then
		}
		return null;
	}

}
