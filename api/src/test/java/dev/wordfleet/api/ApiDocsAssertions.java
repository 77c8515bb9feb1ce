package dev.wordfleet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks an application's OpenAPI description against the request mappings of its own controllers, as Spring MVC
 * registered them, so that an endpoint added without documentation fails the application's tests.
 */
public final class ApiDocsAssertions {

	/** Package of the controllers whose endpoints must be described. */
	private static final String OWN_PACKAGE = "dev.wordfleet.";

	private ApiDocsAssertions() {
	}

	/**
	 * Asserts that every path and method of the application's controllers has an operation with a summary and at
	 * least one response in the OpenAPI description.
	 * @param context the running application
	 * @param apiDocs the application's {@code /v3/api-docs} document
	 * @return the endpoints checked, as {@code METHOD path}
	 */
	public static List<String> assertEveryEndpointDescribed(ApplicationContext context, String apiDocs) {
		JsonNode paths = JsonMapper.builder().build().readTree(apiDocs).path("paths");
		RequestMappingHandlerMapping mappings = context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		List<String> checked = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			HandlerMethod handler = mapping.getValue();
			if (!handler.getBeanType().getName().startsWith(OWN_PACKAGE)) {
				continue;
			}
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			assertThat(methods).as("HTTP methods of %s", handler).isNotEmpty();
			for (String path : mapping.getKey().getPatternValues()) {
				for (RequestMethod method : methods) {
					String endpoint = method + " " + path;
					JsonNode operation = paths.path(path).path(method.name().toLowerCase(Locale.ROOT));
					assertThat(operation.isObject()).as("%s (%s) is described in the OpenAPI document", endpoint,
							handler)
						.isTrue();
					assertThat(operation.path("summary").asString("")).as("summary of %s", endpoint).isNotBlank();
					assertThat(operation.path("responses").size()).as("responses of %s", endpoint).isPositive();
					checked.add(endpoint);
				}
			}
		}
		assertThat(checked).as("endpoints of the application's own controllers").isNotEmpty();
		return checked;
	}

}
