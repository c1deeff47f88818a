# fuzz: rules come with their work
