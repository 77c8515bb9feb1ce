package dev.wordfleet.api;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The RFC 9457 problem document in an OpenAPI description. Every response with a status of 400 or more gets it as its
 * only content, because the roles send one for every error, from controllers and from the API filters alike.
 */
final class ProblemSchema {

	/** Name of the schema among the description's components. */
	static final String NAME = "Problem";

	private ProblemSchema() {
	}

	/** Adds the schema to the description and makes it the content of every error response. */
	static void addTo(OpenAPI openApi) {
		openApi.getComponents().addSchemas(NAME, schema());
		Content problem = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + NAME)));
		if (openApi.getPaths() == null) {
			return;
		}
		for (PathItem path : openApi.getPaths().values()) {
			path.readOperations().forEach((operation) -> {
				if (operation.getResponses() == null) {
					return;
				}
				operation.getResponses().forEach((code, response) -> {
					if (isError(code)) {
						response.setContent(problem);
					}
				});
			});
		}
	}

	private static boolean isError(String code) {
		return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
	}

	private static Schema<?> schema() {
		Schema<?> schema = new ObjectSchema().description("An RFC 9457 problem document; some carry further "
				+ "members, such as \"problems\" for an invalid URL list or \"limit\" and \"property\" for a 413");
		schema.addProperty("type", new StringSchema().description("URI of the problem type; about:blank here"));
		schema.addProperty("title", new StringSchema().description("Short summary of the problem type"));
		schema.addProperty("status", new IntegerSchema().description("HTTP status code"));
		schema.addProperty("detail", new StringSchema().description("What went wrong and what to do next"));
		schema.addProperty("instance", new StringSchema().description("Path of the request"));
		schema.setRequired(List.of("title", "status", "detail"));
		schema.setAdditionalProperties(true);
		return schema;
	}

}
