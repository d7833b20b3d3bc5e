package io.multiws.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that {@code spring-boot-configuration-processor} generates names every
 * property of an endpoint under {@code multi-ws.endpoints.*}: the processor stops at the
 * map, so they come from {@code additional-spring-configuration-metadata.json}, which
 * these tests keep complete and true to {@link MultiWsProperties.Endpoint}.
 *
 * @author multi-ws team
 */
class ConfigurationMetadataTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final String PREFIX = "multi-ws.endpoints.*.";

	private static final Map<String, JsonNode> properties = new LinkedHashMap<>();

	@BeforeAll
	static void readMetadata() {
		JsonNode metadata = new JsonMapper().readTree(METADATA.toFile());
		metadata.get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
	}

	@Test
	void theEndpointsMapNamesItsValueType() {
		assertThat(properties.get("multi-ws.endpoints").get("type").asString())
			.isEqualTo("java.util.Map<java.lang.String,io.multiws.autoconfigure.MultiWsProperties$Endpoint>");
	}

	@Test
	void everyPropertyOfAnEndpointHasMetadataWithItsTypeAndADescription() {
		Map<String, String> expected = endpointProperties(MultiWsProperties.Endpoint.class, "");
		assertThat(expected).containsKeys("history.size", "presence.push-diffs", "max-sessions-per-hub");
		expected.forEach((name, type) -> {
			JsonNode property = properties.get(PREFIX + name);
			assertThat(property).as("metadata of %s%s: add it to additional-spring-configuration-metadata.json",
					PREFIX, name)
				.isNotNull();
			assertThat(property.get("type").asString()).as("type of %s%s", PREFIX, name).isEqualTo(type);
			assertThat(property.get("description").asString()).as("description of %s%s", PREFIX, name)
				.isNotBlank()
				.endsWith(".");
		});
	}

	@Test
	void everyEndpointEntryIsAPropertyOfAnEndpoint() {
		TreeSet<String> documented = new TreeSet<>();
		properties.keySet()
			.stream()
			.filter((name) -> name.startsWith(PREFIX))
			.forEach((name) -> documented.add(name.substring(PREFIX.length())));
		Map<String, String> expected = endpointProperties(MultiWsProperties.Endpoint.class, "");
		assertThat(documented).isEqualTo(new TreeSet<>(expected.keySet()));
	}

	private static Map<String, String> endpointProperties(Class<?> type, String prefix) {
		Map<String, String> found = new LinkedHashMap<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = descriptor.getReadMethod();
			if (getter == null || getter.getDeclaringClass() != type) {
				continue;
			}
			String name = prefix + DataObjectPropertyName.toDashedForm(descriptor.getName());
			if (descriptor.getWriteMethod() != null) {
				found.put(name, typeName(getter));
			}
			else if (descriptor.getPropertyType().getEnclosingClass() == MultiWsProperties.Endpoint.class) {
				found.putAll(endpointProperties(descriptor.getPropertyType(), name + "."));
			}
		}
		return found;
	}

	private static String typeName(Method getter) {
		ResolvableType type = ResolvableType.forMethodReturnType(getter);
		Class<?> resolved = type.toClass();
		return type.hasGenerics() ? type.toString() : ClassUtils.resolvePrimitiveIfNecessary(resolved).getName();
	}

}
