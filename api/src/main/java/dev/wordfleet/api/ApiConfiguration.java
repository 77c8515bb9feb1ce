package dev.wordfleet.api;

import java.util.Objects;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API settings a role shares, imported by the producer and the aggregator: the optional bearer token, the
 * request body limit and how the OpenAPI description declares both. {@link ApiProperties} is always bound; the
 * filters and the OpenAPI customizer exist only with a servlet web server, so not in the standalone fleet, whose
 * roles run without HTTP.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiConfiguration {

	/** Order of the token filter: early, so that a request without the token is rejected before its body is read. */
	static final int TOKEN_FILTER_ORDER = -100;

	/** Order of the body size filter: after the token filter. */
	static final int SIZE_FILTER_ORDER = -90;

	/** Name of the bearer security scheme in the OpenAPI description. */
	static final String SECURITY_SCHEME = "bearerToken";

	private static final Logger logger = LoggerFactory.getLogger(ApiConfiguration.class);

	/** The filters and the OpenAPI customizer of a role that serves HTTP. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class WebApiConfiguration {

		@Bean
		@Conditional(TokenSetCondition.class)
		FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(ApiProperties properties,
				JsonMapper jsonMapper) {
			logger.info("Every HTTP endpoint except /actuator/health requires the bearer token of {}",
					ApiProperties.TOKEN_PROPERTY);
			String token = Objects.requireNonNull(properties.token());
			FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
					new BearerTokenFilter(token, new ProblemResponses(jsonMapper)));
			registration.setOrder(TOKEN_FILTER_ORDER);
			return registration;
		}

		@Bean
		FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(ApiProperties properties,
				JsonMapper jsonMapper) {
			if (!properties.tokenRequired()) {
				logger.warn("{} is not set, so every HTTP endpoint is open to whoever can reach it",
						ApiProperties.TOKEN_PROPERTY);
			}
			FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
					new RequestSizeFilter(properties.maxBodySize(), new ProblemResponses(jsonMapper)));
			registration.setOrder(SIZE_FILTER_ORDER);
			return registration;
		}

		/**
		 * Names the application in the OpenAPI description, declares the bearer token, so that generated clients
		 * send it, and gives every error response the problem document that the roles send. The description
		 * declares the token even while none is set, because clients are written for any deployment.
		 */
		@Bean
		OpenApiCustomizer wordfleetOpenApi(Environment environment) {
			String title = environment.getProperty("spring.application.name", "wordfleet");
			String version = ApiConfiguration.class.getPackage().getImplementationVersion();
			return (openApi) -> {
				openApi.info(new Info().title(title)
					.version((version != null) ? version : "development")
					.description("HTTP API of the " + title + " role. When " + ApiProperties.TOKEN_PROPERTY
							+ " is set, every endpoint except /actuator/health requires \"Authorization: Bearer "
							+ "<token>\" and returns 401 without it. Request bodies are limited by "
							+ ApiProperties.MAX_BODY_SIZE_PROPERTY + " (413 beyond it)."));
				if (openApi.getComponents() == null) {
					openApi.setComponents(new Components());
				}
				openApi.getComponents()
					.addSecuritySchemes(SECURITY_SCHEME,
							new SecurityScheme().type(SecurityScheme.Type.HTTP)
								.scheme("bearer")
								.description("The value of " + ApiProperties.TOKEN_PROPERTY
										+ "; required only when it is set"));
				openApi.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
				ProblemSchema.addTo(openApi);
			};
		}

	}

	/** Matches when {@code wordfleet.api.token} has a value other than white space, as in {@link ApiProperties}. */
	static class TokenSetCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty(ApiProperties.TOKEN_PROPERTY));
		}

	}

}
