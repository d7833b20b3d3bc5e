package io.multiws.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.multiws.container.Containers;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsBinding;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.features.HubFeatureSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Says at start-up, at INFO, which endpoints were mapped (one line each: name, path
 * patterns, stack, history, ids and presence, caps) and which container optimizations
 * the binding uses, once the web server has started.
 *
 * @author multi-ws team
 */
final class WsStartupReport implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(WsStartupReport.class);

	private final WsEndpointMappings mappings;

	private final ObjectProvider<WsBinding> binding;

	private final AtomicBoolean reported = new AtomicBoolean();

	WsStartupReport(WsEndpointMappings mappings, ObjectProvider<WsBinding> binding) {
		this.mappings = mappings;
		this.binding = binding;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// The management server of a separate port has a namespace: report the main one
		boolean management = event.getApplicationContext().getServerNamespace() != null;
		WsBinding binding = this.binding.getIfAvailable();
		if (management || binding == null || !logger.isInfoEnabled() || !this.reported.compareAndSet(false, true)) {
			return;
		}
		String server = serverName(event.getWebServer());
		String stack = binding.framework() + " on " + server;
		for (WsEndpointDefinition endpoint : this.mappings.endpoints()) {
			logger.info(describe(endpoint, stack));
		}
		logger.info("multi-ws: " + binding.framework() + " on "
				+ binding.optimizations(server).describe(server, Containers.version(server)));
	}

	static String serverName(WebServer server) {
		String name = server.getClass().getSimpleName();
		for (String known : new String[] { "Tomcat", "Jetty" }) {
			if (name.startsWith(known)) {
				return known;
			}
		}
		if (name.startsWith("Netty")) {
			return "Reactor Netty";
		}
		return name.endsWith("WebServer") ? name.substring(0, name.length() - "WebServer".length()) : name;
	}

	static String describe(WsEndpointDefinition endpoint, String stack) {
		List<String> traits = new ArrayList<>();
		HubFeatureSettings features = endpoint.features();
		traits.add(history(features));
		traits.add(presence(features));
		EndpointSettings settings = endpoint.settings();
		if (settings.requireAuthentication()) {
			traits.add("authenticated users only");
		}
		if (settings.compression()) {
			traits.add("compression");
		}
		traits.add("max " + settings.maxSessionsPerHub() + " sessions per hub");
		traits.add("max " + settings.maxHubs() + " hubs");
		traits.add(messageSizes(settings));
		String patterns = endpoint.patterns()
			.stream()
			.map(PathPattern::getPatternString)
			.collect(Collectors.joining(", "));
		return "multi-ws: endpoint '" + endpoint.name() + "' on " + patterns + " (" + stack + "): "
				+ String.join(", ", traits);
	}

	private static String history(HubFeatureSettings features) {
		if (!features.hasHistory()) {
			return "no history";
		}
		List<String> details = new ArrayList<>();
		if (features.messageIds()) {
			details.add("ids");
		}
		if (!features.historyTtl().isZero()) {
			details.add("ttl " + duration(features.historyTtl()));
		}
		return "history " + features.historySize()
				+ (details.isEmpty() ? "" : " (" + StringUtils.collectionToDelimitedString(details, ", ") + ")");
	}

	private static String presence(HubFeatureSettings features) {
		if (!features.presence()) {
			return "no presence";
		}
		return features.presenceDiffs() ? "presence with diffs" : "presence";
	}

	private static String messageSizes(EndpointSettings settings) {
		String text = size(settings.maxTextMessageSize());
		String binary = size(settings.maxBinaryMessageSize());
		return text.equals(binary) ? "messages up to " + text : "text up to " + text + ", binary up to " + binary;
	}

	static String duration(Duration duration) {
		long millis = duration.toMillis();
		long[] units = { 86_400_000, 3_600_000, 60_000, 1_000 };
		String[] suffixes = { "d", "h", "m", "s" };
		for (int i = 0; i < units.length; i++) {
			if (millis % units[i] == 0) {
				return (millis / units[i]) + suffixes[i];
			}
		}
		return millis + "ms";
	}

	static String size(long bytes) {
		long[] units = { 1L << 30, 1L << 20, 1L << 10 };
		String[] suffixes = { "GB", "MB", "KB" };
		for (int i = 0; i < units.length; i++) {
			if (bytes % units[i] == 0) {
				return (bytes / units[i]) + suffixes[i];
			}
		}
		return bytes + "B";
	}

}
