package io.midicrate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class MidicrateApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(MidicrateApplication.class, args)));
    }
}
