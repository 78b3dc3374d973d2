package io.midicrate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.midicrate.cli.MidicrateCli;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MidicrateApplication {
    public static void main(String[] args) {
        System.exit(MidicrateCli.execute(args));
    }
}
