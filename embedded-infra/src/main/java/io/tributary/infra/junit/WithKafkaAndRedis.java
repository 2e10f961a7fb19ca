package io.tributary.infra.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker and a real Redis server, shared by every test
 * class of the JVM. Spring Boot tests see them through
 * {@code spring.kafka.bootstrap-servers} and {@code spring.data.redis.*}; other tests can
 * take a {@link io.tributary.infra.SharedInfrastructure} parameter.
 *
 * <p>
 * Put it before {@code @SpringBootTest} so the servers are up before the context starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaAndRedisExtension.class)
public @interface WithKafkaAndRedis {

}
