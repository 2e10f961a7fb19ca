package io.tributary.kit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A bare application with only the kit's auto-configuration, for the kit's own tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
class KitTestApplication {

}
