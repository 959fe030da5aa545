package org.daadaar.runner.iamauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IamRegionTest {
    @Test
    void an_rds_endpoint_names_the_region_its_token_is_signed_for() {
        assertThat(IamRegion.ofEndpoint("app.c1x2y3z4.eu-west-1.rds.amazonaws.com"))
                .contains("eu-west-1");
        assertThat(IamRegion.ofEndpoint("app.cluster-c1x2y3z4.us-east-2.rds.amazonaws.com"))
                .contains("us-east-2");
        assertThat(IamRegion.ofEndpoint("app.cluster-ro-c1x2y3z4.ap-southeast-1.rds.amazonaws.com"))
                .contains("ap-southeast-1");
        assertThat(IamRegion.ofEndpoint("proxy.proxy-c1x2y3z4.us-gov-west-1.rds.amazonaws.com"))
                .contains("us-gov-west-1");
        assertThat(IamRegion.ofEndpoint("app.c1x2y3z4.cn-north-1.rds.amazonaws.com.cn"))
                .contains("cn-north-1");
        assertThat(IamRegion.ofEndpoint("APP.C1X2.EU-WEST-1.RDS.AMAZONAWS.COM")).contains("eu-west-1");
    }

    @Test
    void any_other_host_takes_the_flag_then_the_environment() {
        assertThat(IamRegion.ofEndpoint("db.internal.example")).isEmpty();
        assertThat(IamRegion.ofEndpoint("eu-west-1.rds.amazonaws.com.evil.example"))
                .isEmpty();
        assertThat(IamRegion.of("db.internal.example", "eu-north-1", Map.of("AWS_REGION", "us-east-1")))
                .isEqualTo("eu-north-1");
        assertThat(IamRegion.of("db.internal.example", null, Map.of("AWS_DEFAULT_REGION", "us-east-1")))
                .isEqualTo("us-east-1");
        assertThat(IamRegion.of("app.c1.eu-west-1.rds.amazonaws.com", "us-east-1", Map.of()))
                .as("the database's own region, whatever the secret's region")
                .isEqualTo("eu-west-1");
    }
}
