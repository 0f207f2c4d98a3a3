# Build stage: the Maven wrapper resolves dependencies once, then packages the jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

# Run stage: a JRE and the jar only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 pulsetracker
COPY --from=build /src/target/pulsetracker.jar /app/pulsetracker.jar
USER pulsetracker
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/pulsetracker.jar"]
