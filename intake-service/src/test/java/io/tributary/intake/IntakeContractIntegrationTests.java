package io.tributary.intake;

import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.ServiceContractTests;

import org.springframework.boot.test.context.SpringBootTest;

@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntakeContractIntegrationTests extends ServiceContractTests {

}
