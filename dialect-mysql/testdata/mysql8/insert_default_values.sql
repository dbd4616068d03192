INSERT INTO `scratch` () VALUES ()
