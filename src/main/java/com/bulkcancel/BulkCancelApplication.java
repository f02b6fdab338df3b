package com.bulkcancel;
import org.springframework.boot.autoconfigure.SpringBootApplication;
@SpringBootApplication
public class BulkCancelApplication { public static void main(String[] a) {} }
