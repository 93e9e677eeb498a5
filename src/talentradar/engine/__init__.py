"""Engines beyond one machine: the build on Apache Spark (:mod:`talentradar.engine.spark_build`)."""
