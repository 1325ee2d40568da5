/** SparkSession configuration shared by every job: the settings results depend on live here. */
package org.rollaudit.spark;
