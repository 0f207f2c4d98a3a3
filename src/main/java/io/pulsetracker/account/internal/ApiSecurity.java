package io.pulsetracker.account.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call what: {@code /api/**} needs an API token ({@code Authorization: Bearer <token>}), except
 * the device endpoints, which authenticate devices by their own keys; health and metrics are open.
 */
@Configuration
@EnableWebFluxSecurity
class ApiSecurity {

    /** Device doors: their bearer is a device key, checked by the ingest module. */
    private static final String[] DEVICE_PATHS = {"/api/track", "/ws/**"};

    @Bean
    SecurityWebFilterChain apiSecurityChain(ServerHttpSecurity http, ApiTokens tokens) {
        ServerAuthenticationEntryPoint problem = ApiSecurity::writeProblem;
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchange -> exchange.pathMatchers(DEVICE_PATHS)
                        .permitAll()
                        .pathMatchers("/api/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .addFilterAt(tokenFilter(tokens, problem), SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problem))
                .build();
    }

    private static AuthenticationWebFilter tokenFilter(ApiTokens tokens, ServerAuthenticationEntryPoint problem) {
        ReactiveAuthenticationManager manager = authentication -> tokens.userOf(
                        (String) authentication.getCredentials())
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown API token")))
                .map(user -> UsernamePasswordAuthenticationToken.authenticated(
                        user, null, List.of(new SimpleGrantedAuthority(user.admin() ? "ROLE_ADMIN" : "ROLE_USER"))));
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setRequiresAuthenticationMatcher(tokenProtectedPaths());
        filter.setServerAuthenticationConverter(ApiSecurity::bearerToken);
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problem));
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return filter;
    }

    private static ServerWebExchangeMatcher tokenProtectedPaths() {
        return new AndServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers("/api/**"),
                new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(DEVICE_PATHS)));
    }

    private static Mono<org.springframework.security.core.Authentication> bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.empty();
        }
        String token = header.substring(7).trim();
        return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(null, token));
    }

    private static Mono<Void> writeProblem(ServerWebExchange exchange, AuthenticationException failure) {
        String detail = failure instanceof BadCredentialsException
                ? "the API token is not valid"
                : "this endpoint needs an API token: send Authorization: Bearer <token>";
        String body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + detail
                + "\",\"instance\":\"" + exchange.getRequest().getPath().value().replace("\"", "") + "\"}";
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        var buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
