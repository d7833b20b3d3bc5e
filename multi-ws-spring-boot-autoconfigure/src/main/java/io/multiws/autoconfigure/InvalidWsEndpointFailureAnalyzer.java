package io.multiws.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.multiws.core.InvalidWsEndpointException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * A {@code FailureAnalyzer} for {@link InvalidWsEndpointException}: a {@code @WsEndpoint}
 * or its configuration that cannot work, reported as Spring Boot reports its own
 * mistakes ("APPLICATION FAILED TO START", a description and an action) instead of deep
 * in a chain of bean creation exceptions. For a property, the description says where it
 * was set.
 *
 * @author multi-ws team
 */
class InvalidWsEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWsEndpointException> {

	private static final String DEFAULT_ACTION = "Correct the @WsEndpoint bean or its multi-ws configuration as "
			+ "described above.";

	private static final int MAX_ORIGINS = 5;

	private final @Nullable Environment environment;

	InvalidWsEndpointFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWsEndpointException cause) {
		StringBuilder description = new StringBuilder(String.valueOf(cause.getMessage()));
		if (cause instanceof InvalidWsEndpointPropertyException property) {
			appendOrigins(description, property.getProperty());
		}
		String action = cause.getAction();
		return new FailureAnalysis(description.toString(), (action != null) ? action : DEFAULT_ACTION, cause);
	}

	private void appendOrigins(StringBuilder description, String property) {
		List<String> origins = origins(ConfigurationPropertyName.adapt(property, '.'));
		if (!origins.isEmpty()) {
			description.append(String.format("%n%nSet in:"));
			origins.forEach((origin) -> description.append(String.format("%n\t- %s", origin)));
		}
	}

	private List<String> origins(ConfigurationPropertyName prefix) {
		List<String> origins = new ArrayList<>();
		if (this.environment == null || prefix.isEmpty()) {
			return origins;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter((name) -> prefix.equals(name) || prefix.isAncestorOf(name))
					.forEach((name) -> addOrigin(origins, iterable.getConfigurationProperty(name)));
			}
		}
		return origins;
	}

	private static void addOrigin(List<String> origins, @Nullable ConfigurationProperty property) {
		if (property == null || origins.size() >= MAX_ORIGINS) {
			return;
		}
		Origin origin = property.getOrigin();
		String described = property.getName() + ((origin != null) ? " (from " + origin + ")" : "");
		if (!origins.contains(described)) {
			origins.add(described);
		}
	}

}
